// npm runs `prepare` when the package is installed from git (`npm install git+https://...`)
// and before `npm pack` and `npm publish`: all three need the compiled library, the jsii
// assembly and the handler bundles, so it runs `npm run build`. `npm ci` in a checkout runs
// it too, where the README's next command (`npm run synth` or `npm test`) builds anyway, so
// there it is skipped rather than done twice.
import { execSync } from 'node:child_process';

if (process.env.npm_command === 'ci') {
  console.log('prepare: skipped under npm ci (npm run synth and npm test build first)');
} else {
  execSync('npm run build', { stdio: 'inherit' });
}
