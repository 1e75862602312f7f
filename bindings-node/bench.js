// Sign and verify a 64-byte message: tradeseal's MacKey against node:crypto's createHmac (what a Node
// user would otherwise write), in one run. Run by scripts/bench.sh; results go to docs/BENCHMARKS.md.
// Usage: node bench.js [iterations per round, default 200000]
'use strict'
const crypto = require('node:crypto')
const { MacKey } = require('.')

const iterations = Number(process.argv[2] ?? 200_000)
const ROUNDS = 7
const keyBytes = crypto.randomBytes(32)
const message = crypto.randomBytes(64)
const key = MacKey.fromBytes(keyBytes)
const tag = key.sign(message)

const nodeSign = () => crypto.createHmac('sha256', keyBytes).update(message).digest()
const nodeVerify = () => {
  if (!crypto.timingSafeEqual(nodeSign(), tag)) throw new Error('bad tag')
}

const out = Buffer.alloc(32)
const cases = [
  ['tradeseal MacKey.sign', () => key.sign(message)],
  ['tradeseal MacKey.signInto (caller buffer)', () => key.signInto(message, out)],
  ['tradeseal MacKey.verify', () => key.verify(message, tag)],
  ['node:crypto createHmac sign', nodeSign],
  ['node:crypto createHmac + timingSafeEqual verify', nodeVerify],
]

/** Median ns per call over ROUNDS rounds of `iterations` calls, after one warm-up round. */
function measure(fn) {
  const perOp = []
  for (let round = 0; round <= ROUNDS; round++) {
    const start = process.hrtime.bigint()
    for (let i = 0; i < iterations; i++) fn()
    const ns = Number(process.hrtime.bigint() - start) / iterations
    if (round > 0) perOp.push(ns)
  }
  perOp.sort((a, b) => a - b)
  return perOp[Math.floor(perOp.length / 2)]
}

const results = new Map(cases.map(([name, fn]) => [name, measure(fn)]))
console.log(`node ${process.version}, 64-byte message, median of ${ROUNDS} rounds x ${iterations} calls`)
console.log('| operation | ns/op |')
console.log('|---|---|')
for (const [name, ns] of results) console.log(`| ${name} | ${ns.toFixed(0)} |`)
const ratio = (a, b) => (results.get(b) / results.get(a)).toFixed(1)
console.log(`sign: tradeseal is ${ratio('tradeseal MacKey.sign', 'node:crypto createHmac sign')}x faster than createHmac`)
console.log(`signInto: tradeseal is ${ratio('tradeseal MacKey.signInto (caller buffer)', 'node:crypto createHmac sign')}x faster than createHmac`)
console.log(
  `verify: tradeseal is ${ratio('tradeseal MacKey.verify', 'node:crypto createHmac + timingSafeEqual verify')}x faster than createHmac + timingSafeEqual`,
)
