// The README's Node quick start runs as written (with `require('tradeseal')` pointing at this package).
'use strict'
const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')
const { test } = require('node:test')
const { root } = require('./support')

test('README Node quick start runs', () => {
  const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8')
  const node = readme.slice(readme.indexOf('## Node'))
  const block = /```js\n([\s\S]*?)```/.exec(node)
  assert.ok(block, 'README has a js block in its Node section')
  const code = block[1].replace("require('tradeseal')", `require(${JSON.stringify(path.join(__dirname, '..'))})`)
  const logged = []
  new Function('require', 'console', code)(require, { log: (...args) => logged.push(args.join(' ')) })
  assert.deepEqual(logged, ['TSEAL_TRUNCATED'])
})
