// Bundle the cloud functions once before any test file runs: test files run in parallel workers,
// and rebuilding a function's index.js while another worker's container loads it would race.
const path = require('path');
const { buildFunctions } = require('../scripts/build');

module.exports = async () => {
  await buildFunctions(path.resolve(__dirname, '..'));
};
