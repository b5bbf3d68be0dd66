// Builds miniprogram/miniprogram_npm/ from the root package.json's dependencies, offline, the way
// WeChat DevTools' "构建 npm" does with packNpmManually (toolchain.md: packNpm() needs the network).
const path = require('path');
const ci = require('miniprogram-ci');

async function main() {
  const root = path.resolve(__dirname, '..');
  const result = await ci.packNpmManually({
    packageJsonPath: path.join(root, 'package.json'),
    miniprogramNpmDistDir: path.join(root, 'miniprogram'),
  });
  console.log(`miniprogram_npm: ${result.miniProgramPackNum} packages packed, ${result.otherNpmPackNum} skipped`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
