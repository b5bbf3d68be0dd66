// jsdom for miniprogram-simulate, plus what the Node side of a mini-program test needs: CloudBase
// Local and the SDKs run in the same process, so they get Node's package exports (not the browser
// builds) and Node's fetch.
const { TestEnvironment } = require('jest-environment-jsdom');

class MiniprogramEnvironment extends TestEnvironment {
  constructor(config, context) {
    const projectConfig = { ...config.projectConfig, testEnvironmentOptions: { ...config.projectConfig.testEnvironmentOptions, customExportConditions: ['node', 'require'] } };
    super({ ...config, projectConfig }, context);
    Object.assign(this.global, { fetch, Request, Response, Headers, TextEncoder, TextDecoder, structuredClone, setImmediate, clearImmediate, TransformStream, ReadableStream, WritableStream });
  }
}

module.exports = MiniprogramEnvironment;
