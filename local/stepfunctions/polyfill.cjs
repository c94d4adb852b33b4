// Node 20 support for aws-local-stepfunctions 3.0.0, loaded first with `node -r ./polyfill.cjs ...`.
//
// The library declares node >= 22 only because it calls Promise.withResolvers (a Node 22 built-in) for Task timeouts.
if (typeof Promise.withResolvers !== 'function') {
  Promise.withResolvers = function withResolvers() {
    let resolve;
    let reject;
    const promise = new this((res, rej) => {
      resolve = res;
      reject = rej;
    });
    return { promise, resolve, reject };
  };
}

// The AWS SDK for JavaScript warns on Node < 22 about its *future* releases; package-lock.json pins the current one.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
