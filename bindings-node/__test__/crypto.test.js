// AEAD, envelopes, key derivation (sync and Promise variants) and Ed25519 through the Node API: round
// trips and misuse. Known answers are in tests/vectors (vectors.test.js).
'use strict'
const assert = require('node:assert/strict')
const { test } = require('node:test')
const util = require('node:util')
const { tradeseal, externalVectors, hex, throwsTseal, rejectsTseal } = require('./support')
const { SealingKey, LessSafeKey, SealingKeyring, MasterKey, Ed25519SigningKey, Ed25519VerifyingKey } = tradeseal

const FAST = { memoryKib: 19 * 1024, passes: 2, lanes: 1 }

test('SealingKey seals with fresh nonces and opens; any change fails', () => {
  for (const algorithm of [tradeseal.AES_256_GCM, tradeseal.CHACHA20_POLY1305, tradeseal.XCHACHA20_POLY1305]) {
    const key = SealingKey.generate(algorithm)
    assert.equal(key.algorithm, algorithm)
    const a = key.seal(Buffer.from('aad'), Buffer.from('BUY 1 EURUSD'))
    const b = key.seal(Buffer.from('aad'), new Uint8Array(Buffer.from('BUY 1 EURUSD')))
    assert.notDeepEqual(a, b)
    assert.deepEqual(key.open(Buffer.from('aad'), a), Buffer.from('BUY 1 EURUSD'))
    throwsTseal(() => key.open(Buffer.from('aaD'), a), 'TSEAL_DECRYPT_FAILED', 'Error', 120)
    const flipped = Buffer.from(a)
    flipped[flipped.length - 1] ^= 1
    throwsTseal(() => key.open(Buffer.from('aad'), flipped), 'TSEAL_DECRYPT_FAILED')
  }
  throwsTseal(() => SealingKey.generate(9), 'TSEAL_UNSUPPORTED_ALGORITHM')
  throwsTseal(() => SealingKey.fromBytes(tradeseal.AES_256_GCM, Buffer.alloc(16)), 'TSEAL_INVALID_LENGTH', 'RangeError')
  throwsTseal(() => SealingKey.generate('AES'), 'TSEAL_INVALID_ARGUMENT', 'TypeError')
  throwsTseal(() => SealingKey.generate(256), 'TSEAL_OUT_OF_RANGE', 'RangeError')
  assert.ok(!/[0-9a-f]{32}/.test(util.inspect(SealingKey.fromBytes(1, Buffer.alloc(32, 0xab)), { showHidden: true })))
})

test('SealingKey seals in place and refuses to seal past its message limit', () => {
  for (const algorithm of [tradeseal.AES_256_GCM, tradeseal.CHACHA20_POLY1305, tradeseal.XCHACHA20_POLY1305]) {
    const key = SealingKey.generate(algorithm)
    const start = key.nonceLen
    const sealedBox = Buffer.concat([Buffer.alloc(start), Buffer.from('BUY 1 EURUSD'), Buffer.alloc(16)])
    key.sealInPlace(Buffer.from('aad'), sealedBox)
    assert.ok(!sealedBox.includes('EURUSD'))
    assert.deepEqual(key.open(Buffer.from('aad'), sealedBox), Buffer.from('BUY 1 EURUSD'))
    throwsTseal(() => key.sealInPlace(Buffer.alloc(0), new Uint8Array(start + 15)), 'TSEAL_BUFFER_TOO_SMALL', 'RangeError')
    const fresh = SealingKey.generate(algorithm)
    fresh.setLimitForTestingOnly(1) // an empty message costs 1
    fresh.seal(Buffer.alloc(0), Buffer.alloc(0))
    throwsTseal(() => fresh.seal(Buffer.alloc(0), Buffer.alloc(0)), 'TSEAL_KEY_EXHAUSTED')
    const kept = Buffer.concat([Buffer.alloc(start), Buffer.from('kept'), Buffer.alloc(16)])
    throwsTseal(() => fresh.sealInPlace(Buffer.alloc(0), kept), 'TSEAL_KEY_EXHAUSTED')
    assert.equal(kept.subarray(start, start + 4).toString(), 'kept')
  }
})

test('RFC 8439 ChaCha20-Poly1305 known answer through LessSafeKey', () => {
  const v = externalVectors('rfc', 'rfc_vectors.json').rfc8439_chacha20_poly1305
  const c = (v.tests ?? v.cases)[0]
  const key = LessSafeKey.fromBytes(tradeseal.CHACHA20_POLY1305, hex(c.key))
  const sealed = key.seal(hex(c.nonce), hex(c.aad), hex(c.plaintext))
  assert.equal(sealed.toString('hex'), c.ciphertext + c.tag)
  assert.deepEqual(key.open(hex(c.nonce), hex(c.aad), sealed), hex(c.plaintext))
  throwsTseal(() => key.seal(Buffer.alloc(11), Buffer.alloc(0), Buffer.alloc(0)), 'TSEAL_INVALID_LENGTH', 'RangeError')
})

test('SealingKeyring envelopes rotate keys', () => {
  const ring = new SealingKeyring()
  ring.insert(1, tradeseal.AES_256_GCM, Buffer.alloc(32, 1))
  throwsTseal(() => ring.seal(Buffer.alloc(0), Buffer.from('x')), 'TSEAL_NO_PRIMARY_KEY')
  ring.promote(1)
  const old = ring.seal(Buffer.alloc(0), Buffer.from('old'))
  ring.insert(2, tradeseal.XCHACHA20_POLY1305, Buffer.alloc(32, 2))
  ring.promote(2)
  const fresh = ring.seal(Buffer.from('ctx'), Buffer.from('new'))
  assert.deepEqual(ring.open(Buffer.alloc(0), old), Buffer.from('old'))
  assert.deepEqual(ring.open(Buffer.from('ctx'), fresh), Buffer.from('new'))
  ring.retire(1)
  throwsTseal(() => ring.open(Buffer.alloc(0), old), 'TSEAL_UNKNOWN_KEY')
  throwsTseal(() => ring.open(Buffer.alloc(0), Buffer.alloc(0)), 'TSEAL_TRUNCATED')
  throwsTseal(() => ring.seal(Buffer.alloc(2000), Buffer.alloc(1)), 'TSEAL_AAD_TOO_LONG', 'RangeError')
  assert.deepEqual(ring.ids().sort(), [2])
})

test('HKDF and MasterKey derivation', () => {
  const rfc = externalVectors('rfc', 'rfc_vectors.json').rfc5869_hkdf_sha256
  const c = (rfc.tests ?? rfc.cases)[0]
  const prk = tradeseal.hkdfExtract(hex(c.salt), hex(c.ikm))
  assert.equal(prk.toString('hex'), c.prk)
  assert.equal(tradeseal.hkdfExpand(prk, hex(c.info), c.l).toString('hex'), c.okm)
  throwsTseal(() => tradeseal.hkdfExpand(prk, Buffer.alloc(0), 9000), 'TSEAL_INVALID_LENGTH', 'RangeError')
  throwsTseal(() => tradeseal.hkdfExpand(prk, Buffer.alloc(0), 70000), 'TSEAL_OUT_OF_RANGE', 'RangeError')

  const master = MasterKey.fromBytes(Buffer.alloc(32, 9))
  assert.deepEqual(master.derive('app', Buffer.from('a'), 32), master.derive('app', Buffer.from('a'), 32))
  assert.notDeepEqual(master.derive('app', Buffer.from('a'), 32), master.derive('app', Buffer.from('b'), 32))
  throwsTseal(() => master.derive('', Buffer.alloc(0), 32), 'TSEAL_INVALID_ARGUMENT')
  const mac = master.macKey(Buffer.from('signals'))
  mac.verify(Buffer.from('m'), master.macKey(Buffer.from('signals')).sign(Buffer.from('m')))
  const sealing = master.sealingKey(tradeseal.CHACHA20_POLY1305, Buffer.from('x'))
  assert.deepEqual(sealing.open(Buffer.alloc(0), sealing.seal(Buffer.alloc(0), Buffer.from('p'))), Buffer.from('p'))
  assert.deepEqual(master.ed25519Key(Buffer.from('lic')).publicKey, master.ed25519Key(Buffer.from('lic')).publicKey)
  throwsTseal(() => MasterKey.fromBytes(Buffer.alloc(31)), 'TSEAL_KEY_TOO_SHORT', 'RangeError')
})

test('Argon2id defaults are 64 MiB, 3 passes, 4 lanes', () => {
  const salt = Buffer.alloc(16, 7)
  const defaults = tradeseal.argon2id(Buffer.from('pw'), salt, undefined, 32)
  assert.deepEqual(defaults, tradeseal.argon2id(Buffer.from('pw'), salt, { memoryKib: 64 * 1024, passes: 3, lanes: 4 }, 32))
})

test('Argon2id: sync and Promise variants agree; errors reject', async () => {
  const salt = Buffer.alloc(16, 7)
  const sync = tradeseal.argon2id(Buffer.from('hunter2'), salt, FAST, 32)
  const promise = tradeseal.argon2idAsync(Buffer.from('hunter2'), salt, FAST, 32)
  assert.ok(promise instanceof Promise)
  assert.deepEqual(await promise, sync)
  assert.ok(Buffer.isBuffer(sync))
  throwsTseal(() => tradeseal.argon2id(Buffer.from('p'), Buffer.alloc(8), FAST, 32), 'TSEAL_SALT_TOO_SHORT', 'RangeError')
  await rejectsTseal(tradeseal.argon2idAsync(Buffer.from('p'), Buffer.alloc(8), FAST, 32), 'TSEAL_SALT_TOO_SHORT', 'RangeError')
  await rejectsTseal(tradeseal.argon2idAsync(Buffer.from('p'), salt, { ...FAST, passes: 1 }, 32), 'TSEAL_OUT_OF_RANGE', 'RangeError')
  throwsTseal(() => tradeseal.argon2idAsync('p', salt, FAST, 32), 'TSEAL_INVALID_ARGUMENT', 'TypeError')
  const a = await MasterKey.fromPasswordAsync(Buffer.from('pw'), salt, FAST)
  const b = MasterKey.fromPassword(Buffer.from('pw'), salt, FAST)
  assert.ok(a instanceof MasterKey)
  assert.deepEqual(a.derive('l', Buffer.alloc(0), 16), b.derive('l', Buffer.alloc(0), 16))
})

test('Ed25519 sign and verify', () => {
  const rfc = externalVectors('rfc', 'rfc_vectors.json').rfc8032_ed25519
  for (const c of rfc.tests ?? rfc.cases) {
    const key = Ed25519SigningKey.fromSeed(hex(c.secret_key))
    assert.equal(key.publicKey.toString('hex'), c.public_key)
    assert.equal(key.seed().toString('hex'), c.secret_key)
    assert.equal(key.sign(hex(c.message)).toString('hex'), c.signature)
    Ed25519VerifyingKey.fromBytes(hex(c.public_key)).verify(hex(c.message), hex(c.signature))
  }
  const key = Ed25519SigningKey.generate()
  const pub = Ed25519VerifyingKey.fromBytes(key.publicKey)
  assert.deepEqual(pub.bytes, key.publicKey)
  const sig = key.sign(Buffer.from('licence'))
  throwsTseal(() => pub.verify(Buffer.from('licencE'), sig), 'TSEAL_INVALID_SIGNATURE')
  throwsTseal(() => Ed25519SigningKey.fromSeed(Buffer.alloc(31)), 'TSEAL_INVALID_LENGTH', 'RangeError')
})
