// Local AWS Step Functions: the AWS JSON 1.0 protocol (POST /, X-Amz-Target: AWSStepFunctions.<Operation>) over
// aws-local-stepfunctions, so that AWS SDK clients work unchanged with an endpoint override.
//
// Start: node -r ./polyfill.cjs server.mjs
// Environment:
//   SFN_PORT                 port on 127.0.0.1 (default 0: an ephemeral port)
//   SFN_TIME_SCALE           multiplies retry pauses and Wait durations (default 1; 0 = no waiting)
//   AWS_ENDPOINT_URL_LAMBDA  where Task states invoke Lambda functions (Lambda Invoke API)
//   SFN_EXIT_ON_STDIN_CLOSE  default 1: exit when stdin closes, so that a dying parent never leaves this running
//   SFN_LOG_REQUESTS         1 to log every operation on stderr
// Prints "READY <port>" on stdout once listening; nothing else goes to stdout.
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import { StepFunctionsService } from './lib/service.mjs';
import { SfnError } from './lib/errors.mjs';
import { REGION } from './lib/arns.mjs';
import { timeScaleFromEnv } from './lib/time-scale.mjs';

const TARGET_PREFIX = 'AWSStepFunctions.';
// AWS's largest request is a 1 MiB definition; a little more leaves room for JSON escaping.
const MAX_BODY_BYTES = 4 * 1024 * 1024;
const logRequests = process.env.SFN_LOG_REQUESTS === '1';

if (!process.env.AWS_ENDPOINT_URL_LAMBDA) {
  // Without it the AWS SDK would call the real Lambda service (and fail on the dummy credentials below).
  process.stderr.write('warning: AWS_ENDPOINT_URL_LAMBDA is not set: Task states cannot reach any Lambda function\n');
}

const service = new StepFunctionsService({
  timeScale: timeScaleFromEnv(),
  // The library builds its Lambda client from this; the endpoint comes from AWS_ENDPOINT_URL_LAMBDA, which the AWS SDK
  // for JavaScript reads itself. A local Lambda endpoint does not check signatures, so any credentials will do.
  awsConfig: { region: REGION, credentials: { accessKeys: { accessKeyId: 'local', secretAccessKey: 'local' } } },
});

const server = http.createServer((req, res) => {
  handle(req)
    .then((response) => reply(res, 200, response))
    .catch((error) => {
      if (error instanceof SfnError) {
        reply(res, 400, { __type: error.type, message: error.message });
      } else {
        process.stderr.write(`internal error: ${error?.stack ?? error}\n`);
        reply(res, 500, { __type: 'InternalFailure', message: String(error?.message ?? error) });
      }
    });
});

async function handle(req) {
  const target = req.headers['x-amz-target'] ?? '';
  const operation = target.startsWith(TARGET_PREFIX) ? service.operation(target.slice(TARGET_PREFIX.length)) : undefined;
  if (req.method !== 'POST' || !operation) {
    throw new SfnError('UnknownOperationException', `Unknown operation: ${req.method} ${req.url} ${target}`);
  }
  const request = parseRequest(await readBody(req));
  if (logRequests) {
    process.stderr.write(`${new Date().toISOString()} ${target}\n`);
  }
  return operation(request);
}

function parseRequest(body) {
  try {
    const request = body.length === 0 ? {} : JSON.parse(body);
    if (request === null || typeof request !== 'object' || Array.isArray(request)) {
      throw new Error('the request body must be a JSON object');
    }
    return request;
  } catch (e) {
    throw new SfnError('SerializationException', e.message);
  }
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new SfnError('ValidationException', `Request body larger than ${MAX_BODY_BYTES} bytes`));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function reply(res, status, body) {
  const payload = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/x-amz-json-1.0',
    'Content-Length': Buffer.byteLength(payload),
    'x-amzn-RequestId': randomUUID(),
  });
  res.end(payload);
}

function shutdown() {
  server.close();
  process.exit(0);
}

server.listen(Number(process.env.SFN_PORT ?? 0), '127.0.0.1', () => {
  process.stdout.write(`READY ${server.address().port}\n`);
});
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
if (process.env.SFN_EXIT_ON_STDIN_CLOSE !== '0') {
  process.stdin.on('end', shutdown);
  process.stdin.on('close', shutdown);
  process.stdin.resume();
}
