// Every tests/vectors/*.json file, generically: each case's `out` must match exactly (all fields), each `error` must
// be thrown with that `TSEAL_*` code, and each `tamper` entry must turn a valid case into its error.
'use strict'
const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')
const { test } = require('node:test')
const { root } = require('./support')
const { ops, isByteInput } = require('./ops')

const dir = path.join(root, 'tests', 'vectors')
const files = fs.readdirSync(dir).filter((name) => name.endsWith('.json')).sort()

/** A JS value as the vectors write it: bytes as lowercase hex, bigint as a decimal string. */
function normalize(value) {
  if (Buffer.isBuffer(value)) return value.toString('hex')
  if (typeof value === 'bigint') return value.toString()
  return value
}

function run(file, kase) {
  const op = ops[kase.op]
  assert.ok(op, `${file}: op ${kase.op} is not bound in __test__/ops.js`)
  return op(kase.in)
}

function checkOut(file, kase) {
  const got = Object.fromEntries(Object.entries(run(file, kase) ?? {}).map(([k, v]) => [k, normalize(v)]))
  assert.deepEqual(got, kase.out, `${file} ${kase.name}`)
}

function checkError(file, kase, input, error, what) {
  assert.throws(
    () => run(file, { ...kase, in: input }),
    (err) => {
      assert.ok(err instanceof Error, `${what}: threw a non-Error`)
      assert.equal(err.code, error, `${what}: ${err.message}`)
      assert.equal(typeof err.errno, 'number', what)
      return true
    },
    `${what}: expected ${error}`,
  )
}

/** The case's input with byte `offset` of input `input` XORed with `mask` (hex bytes, or UTF-8 text). */
function tampered(input, entry) {
  const copy = structuredClone(input)
  const value = copy[entry.input]
  assert.equal(typeof value, 'string', `tamper input ${entry.input} is not a string`)
  const isBytes = isByteInput(entry.input)
  const bytes = Buffer.from(value, isBytes ? 'hex' : 'utf8')
  assert.ok(entry.offset < bytes.length, `tamper offset ${entry.offset} outside ${entry.input}`)
  assert.notEqual(entry.mask, 0, 'a zero mask tampers nothing')
  bytes[entry.offset] ^= entry.mask
  copy[entry.input] = bytes.toString(isBytes ? 'hex' : 'utf8')
  return copy
}

test('tests/vectors is readable', () => {
  assert.ok(fs.existsSync(path.join(dir, 'README.md')))
})

for (const file of files) {
  test(`vectors: ${file}`, () => {
    const doc = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'))
    assert.ok(Array.isArray(doc.cases) && doc.cases.length > 0, `${file}: no cases`)
    for (const kase of doc.cases) {
      const what = `${file} ${kase.name}`
      assert.ok(('out' in kase) !== ('error' in kase), `${what}: needs exactly one of out/error`)
      if ('error' in kase) {
        checkError(file, kase, kase.in, kase.error, what)
        continue
      }
      checkOut(file, kase)
      for (const entry of kase.tamper ?? []) {
        checkError(file, kase, tampered(kase.in, entry), entry.error, `${what} tamper ${entry.field}@${entry.offset}`)
      }
    }
  })
}
