// Shared by the tests: the addon, paths, hex, and the one way every test checks a thrown error.
'use strict'
const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')

const tradeseal = require('..')

const root = path.resolve(__dirname, '..', '..')

/** The read-only external known-answer vectors: shared/ beside the clone (or beside the main checkout). */
function externalVectors(...parts) {
  const candidates = [
    process.env.TSEAL_EXTERNAL_VECTORS,
    path.join(root, '..', 'shared', 'vectors', 'external'),
    path.join(root, '..', '..', 'shared', 'vectors', 'external'),
  ].filter(Boolean)
  const dir = candidates.find((candidate) => fs.existsSync(candidate))
  assert.ok(dir, `external vectors not found (tried ${candidates.join(', ')})`)
  return JSON.parse(fs.readFileSync(path.join(dir, ...parts), 'utf8'))
}

const hex = (text) => {
  assert.match(text, /^([0-9a-f]{2})*$/, `not lowercase hex: ${text}`)
  return Buffer.from(text, 'hex')
}

const ERROR_CLASSES = { Error, TypeError, RangeError }

/**
 * Runs `fn` and checks it throws the tradeseal error `code` as an instance of `cls` (a class name), with
 * a numeric `errno`. With `errno` given, checks that number too.
 */
function throwsTseal(fn, code, cls = 'Error', errno = undefined) {
  assert.throws(fn, (err) => {
    assert.ok(err instanceof ERROR_CLASSES[cls], `expected a ${cls}, got ${err && err.constructor.name}: ${err}`)
    assert.equal(err.constructor.name, cls)
    assert.equal(err.code, code)
    assert.equal(typeof err.errno, 'number')
    if (errno !== undefined) assert.equal(err.errno, errno)
    return true
  })
}

/** Like `throwsTseal` for a promise. */
async function rejectsTseal(promise, code, cls = 'Error') {
  await assert.rejects(promise, (err) => {
    assert.equal(err.constructor.name, cls)
    assert.equal(err.code, code)
    assert.equal(typeof err.errno, 'number')
    return true
  })
}

module.exports = { tradeseal, root, externalVectors, hex, throwsTseal, rejectsTseal }
