import { SfnError } from './errors.mjs';

// List operations page like AWS: maxResults (0 or absent = the default page) and an opaque nextToken.
// A token is only a position; it is meaningful for the same list requested again.

export function page(items, { maxResults, nextToken }, defaultSize) {
  const start = nextToken === undefined || nextToken === null ? 0 : decode(nextToken);
  const size = Number.isInteger(maxResults) && maxResults > 0 ? maxResults : defaultSize;
  const end = start + size;
  return { items: items.slice(start, end), nextToken: end < items.length ? encode(end) : undefined };
}

const encode = (offset) => Buffer.from(`offset:${offset}`).toString('base64');

function decode(token) {
  const match = /^offset:(\d+)$/.exec(Buffer.from(String(token), 'base64').toString());
  if (!match) {
    throw new SfnError('InvalidToken', `Invalid Token: '${token}'`);
  }
  return Number(match[1]);
}
