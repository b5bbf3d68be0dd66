// Bundle the cloud functions — and CloudBase Local and the demo seed into dist/, which the
// `npm start` test runs — once before any test file runs: test files run in parallel workers, and
// rebuilding a function's index.js while another worker's container loads it would race.
const path = require('path');
const { buildAll } = require('../scripts/build');

module.exports = async () => {
  await buildAll(path.resolve(__dirname, '..'));
};
