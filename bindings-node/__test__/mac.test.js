// MacKey and MacKeyring: known answers, misuse, and that keys never print.
'use strict'
const assert = require('node:assert/strict')
const { test } = require('node:test')
const util = require('node:util')
const { tradeseal, externalVectors, hex, throwsTseal } = require('./support')
const { MacKey, MacKeyring } = tradeseal

const KEY = hex('0b'.repeat(32))

test('RFC 4231 HMAC-SHA-256 known answers (short keys through fromShortBytes)', () => {
  const cases = externalVectors('rfc', 'rfc_vectors.json').rfc4231_hmac_sha256.tests
  assert.ok(cases.length >= 7)
  for (const c of cases) {
    const key = MacKey.fromShortBytes(hex(c.key))
    const tag = key.sign(hex(c.data))
    assert.ok(Buffer.isBuffer(tag))
    if (c.truncated_to_bits) {
      assert.equal(tag.subarray(0, c.truncated_to_bits / 8).toString('hex'), c.hmac_sha256)
      // A truncated tag never verifies: only full 32-byte tags do.
      throwsTseal(() => key.verify(hex(c.data), hex(c.hmac_sha256)), 'TSEAL_INVALID_SIGNATURE')
    } else {
      assert.equal(tag.toString('hex'), c.hmac_sha256)
      key.verify(hex(c.data), hex(c.hmac_sha256))
    }
  }
})

test('Wycheproof HMAC-SHA256: valid accepted, invalid rejected', () => {
  const file = externalVectors('wycheproof', 'hmac_sha256_test.json')
  let valid = 0
  let invalid = 0
  for (const group of file.testGroups) {
    for (const t of group.tests) {
      const key = MacKey.fromShortBytes(hex(t.key))
      const full = group.tagSize === 256
      if (t.result === 'valid' && full) {
        assert.equal(key.sign(hex(t.msg)).toString('hex'), t.tag, `tcId ${t.tcId}`)
        key.verify(hex(t.msg), hex(t.tag))
        valid++
      } else {
        // Invalid tags, and every truncated tag (this library accepts only full tags).
        throwsTseal(() => key.verify(hex(t.msg), hex(t.tag)), 'TSEAL_INVALID_SIGNATURE')
        invalid++
      }
    }
  }
  assert.ok(valid >= 30 && invalid >= 100, `${valid} valid, ${invalid} invalid`)
})

test('Buffer and Uint8Array in, Buffer out; verify throws, never returns false', () => {
  const key = MacKey.fromBytes(KEY)
  const message = Buffer.from('BUY 1.00 EURUSD')
  const tag = key.sign(new Uint8Array(message))
  assert.ok(Buffer.isBuffer(tag))
  assert.equal(tag.length, 32)
  assert.deepEqual(key.sign(message), tag)
  assert.equal(key.verify(message, new Uint8Array(tag)), undefined)
  // A Uint8Array view into a larger buffer signs exactly its own bytes.
  const big = Buffer.concat([Buffer.from('xx'), message, Buffer.from('yy')])
  assert.deepEqual(key.sign(big.subarray(2, 2 + message.length)), tag)
  throwsTseal(() => key.verify(Buffer.from('SELL 1.00 EURUSD'), tag), 'TSEAL_INVALID_SIGNATURE', 'Error', 100)
  const flipped = Buffer.from(tag)
  flipped[31] ^= 1
  throwsTseal(() => key.verify(message, flipped), 'TSEAL_INVALID_SIGNATURE')
  throwsTseal(() => key.verify(message, tag.subarray(0, 16)), 'TSEAL_INVALID_SIGNATURE')
  throwsTseal(() => key.verify(message, Buffer.alloc(0)), 'TSEAL_INVALID_SIGNATURE')
  assert.equal(MacKey.generate().sign(Buffer.alloc(0)).length, 32)
  const out = new Uint8Array(40).fill(7)
  key.signInto(message, out)
  assert.deepEqual(Buffer.from(out.subarray(0, 32)), tag)
  assert.deepEqual([...out.subarray(32)], [7, 7, 7, 7, 7, 7, 7, 7])
  throwsTseal(() => key.signInto(message, Buffer.alloc(31)), 'TSEAL_BUFFER_TOO_SMALL', 'RangeError', 2)
  throwsTseal(() => key.signInto(message, 'out'), 'TSEAL_INVALID_ARGUMENT', 'TypeError')
})

test('signInto and verify refuse a wrong receiver and an output overlapping the message', () => {
  const key = MacKey.fromBytes(KEY)
  const buffer = Buffer.alloc(96, 1)
  throwsTseal(() => key.signInto(buffer.subarray(0, 64), buffer.subarray(32)), 'TSEAL_INVALID_ARGUMENT', 'Error', 3)
  throwsTseal(() => key.signInto(buffer, buffer), 'TSEAL_INVALID_ARGUMENT')
  // Adjacent is fine, and an empty message overlaps nothing.
  key.signInto(buffer.subarray(0, 64), buffer.subarray(64))
  assert.deepEqual(buffer.subarray(64), key.sign(Buffer.alloc(64, 1)))
  key.signInto(buffer.subarray(0, 0), buffer)
  assert.deepEqual(buffer.subarray(0, 32), key.sign(Buffer.alloc(0)))
  throwsTseal(() => key.signInto(Buffer.alloc(1)), 'TSEAL_INVALID_ARGUMENT', 'TypeError')
  throwsTseal(() => key.verify(Buffer.alloc(1)), 'TSEAL_INVALID_ARGUMENT', 'TypeError')
  for (const other of [{}, null, new MacKeyring(), Buffer.alloc(32), tradeseal.NoiseKeypair.generate()]) {
    throwsTseal(() => MacKey.prototype.signInto.call(other, buffer, Buffer.alloc(32)), 'TSEAL_INVALID_ARGUMENT', 'TypeError')
    throwsTseal(() => MacKey.prototype.verify.call(other, buffer, Buffer.alloc(32)), 'TSEAL_INVALID_ARGUMENT', 'TypeError')
    throwsTseal(() => MacKey.prototype.sign.call(other, buffer), 'TSEAL_INVALID_ARGUMENT', 'TypeError')
  }
})

test('sign returns a new Buffer per call (tags from the pool never share bytes)', () => {
  const key = MacKey.fromBytes(KEY)
  const message = Buffer.from('tick')
  const tags = Array.from({ length: 600 }, () => key.sign(message))
  const expected = Buffer.from(tags[0])
  tags[0].fill(0)
  for (const tag of tags.slice(1)) {
    assert.ok(Buffer.isBuffer(tag))
    assert.equal(tag.length, tradeseal.MAC_TAG_BYTES)
    assert.deepEqual(tag, expected)
  }
})

test('key import: sizes are RangeErrors, bad hex an Error, wrong types TypeErrors', () => {
  throwsTseal(() => MacKey.fromBytes(Buffer.alloc(31)), 'TSEAL_KEY_TOO_SHORT', 'RangeError', 5)
  throwsTseal(() => MacKey.fromShortBytes(Buffer.alloc(0)), 'TSEAL_KEY_TOO_SHORT', 'RangeError')
  throwsTseal(() => MacKey.fromHex('zz'.repeat(32)), 'TSEAL_INVALID_HEX', 'Error', 8)
  throwsTseal(() => MacKey.fromHex('0b'.repeat(31)), 'TSEAL_KEY_TOO_SHORT', 'RangeError')
  assert.deepEqual(MacKey.fromHex('0B'.repeat(32)).sign(Buffer.from('m')), MacKey.fromBytes(KEY).sign(Buffer.from('m')))
  for (const bad of ['0b'.repeat(32), 32, null, undefined, [1, 2, 3], {}, new Uint16Array(32), new Float64Array(4), new ArrayBuffer(32), new DataView(new ArrayBuffer(32))]) {
    throwsTseal(() => MacKey.fromBytes(bad), 'TSEAL_INVALID_ARGUMENT', 'TypeError', 3)
  }
  for (const bad of [KEY, 7, null, undefined]) {
    throwsTseal(() => MacKey.fromHex(bad), 'TSEAL_INVALID_ARGUMENT', 'TypeError')
  }
  const key = MacKey.fromBytes(KEY)
  for (const bad of ['message', 1, null, undefined, new Int8Array(3)]) {
    throwsTseal(() => key.sign(bad), 'TSEAL_INVALID_ARGUMENT', 'TypeError')
    throwsTseal(() => key.verify(bad, Buffer.alloc(32)), 'TSEAL_INVALID_ARGUMENT', 'TypeError')
    throwsTseal(() => key.verify(Buffer.alloc(1), bad), 'TSEAL_INVALID_ARGUMENT', 'TypeError')
  }
})

test('keys never print', () => {
  const key = MacKey.fromBytes(Buffer.alloc(32, 0x41))
  const ring = new MacKeyring()
  ring.insert(1, Buffer.alloc(32, 0x41))
  for (const shown of [util.inspect(key, { showHidden: true, depth: 9 }), util.inspect(ring, { showHidden: true, depth: 9 }), JSON.stringify(key), JSON.stringify(ring), String(key)]) {
    assert.ok(!/41414141|AAAA|QUFB/.test(shown), shown)
  }
  assert.deepEqual(Object.keys(key), [])
})

test('MacKeyring rotation rules come from the core', () => {
  const ring = new MacKeyring()
  assert.equal(ring.size, 0)
  throwsTseal(() => ring.primaryId, 'TSEAL_NO_PRIMARY_KEY')
  ring.insert(7, KEY)
  throwsTseal(() => ring.insert(7, KEY), 'TSEAL_DUPLICATE_KEY_ID')
  throwsTseal(() => ring.insert(8, Buffer.alloc(16)), 'TSEAL_KEY_TOO_SHORT', 'RangeError')
  throwsTseal(() => ring.promote(8), 'TSEAL_UNKNOWN_KEY')
  ring.promote(7)
  assert.equal(ring.primaryId, 7)
  throwsTseal(() => ring.retire(7), 'TSEAL_WRONG_STATE')
  ring.insert(4294967295, MacKey.generate().sign(Buffer.alloc(0)))
  ring.promote(4294967295)
  ring.retire(7)
  assert.deepEqual(ring.ids(), [4294967295])
  assert.equal(ring.size, 1)
  throwsTseal(() => ring.retire(7), 'TSEAL_UNKNOWN_KEY')
})

test('key ids: non-numbers are TypeErrors, non-u32 numbers RangeErrors', () => {
  const ring = new MacKeyring()
  for (const bad of ['1', 1n, null, undefined, {}]) {
    throwsTseal(() => ring.insert(bad, KEY), 'TSEAL_INVALID_ARGUMENT', 'TypeError')
    throwsTseal(() => ring.promote(bad), 'TSEAL_INVALID_ARGUMENT', 'TypeError')
  }
  for (const bad of [-1, 1.5, 4294967296, NaN, Infinity, -Infinity]) {
    throwsTseal(() => ring.insert(bad, KEY), 'TSEAL_OUT_OF_RANGE', 'RangeError', 9)
    throwsTseal(() => ring.retire(bad), 'TSEAL_OUT_OF_RANGE', 'RangeError')
  }
  assert.equal(ring.size, 0)
  ring.insert(0, KEY)
  assert.deepEqual(ring.ids(), [0])
})

test('version is the core version', () => {
  assert.match(tradeseal.version(), /^\d+\.\d+\.\d+/)
  assert.equal(tradeseal.version(), require('../package.json').version)
})
