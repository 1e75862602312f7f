// Replay windows, stream guards, nonces, rate limits and the verification pipelines through the Node
// API (the vectors cover the verdict sequences): tokens, persistence and misuse.
'use strict'
const assert = require('node:assert/strict')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const { test } = require('node:test')
const { tradeseal, throwsTseal } = require('./support')
const { ReplayWindow, StreamGuard, SignalVerifier, RequestVerifier, MacKeyring, MacKey } = tradeseal

const STREAM = '6f9619ff-8b86-d011-b42d-00c04fc964ff'

test('ReplayWindow: check gives a one-time token, commit consumes it', () => {
  const window = new ReplayWindow(64)
  const checked = window.check(5n)
  window.commit(checked)
  throwsTseal(() => window.commit(checked), 'TSEAL_WRONG_STATE')
  throwsTseal(() => window.check(5), 'TSEAL_REPLAYED')
  throwsTseal(() => window.check(0), 'TSEAL_INVALID_SEQUENCE')
  assert.equal(window.top, 5n)
  throwsTseal(() => new ReplayWindow(0), 'TSEAL_OUT_OF_RANGE', 'RangeError')
  throwsTseal(() => window.check('5'), 'TSEAL_INVALID_ARGUMENT', 'TypeError')
  throwsTseal(() => ReplayWindow.startingAfter(64, 10).check(10), 'TSEAL_REPLAYED')
})

test('StreamGuard reports gaps as ranges and persists across restarts', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tseal-guard-'))
  try {
    const file = path.join(dir, 'guard.state')
    const guard = StreamGuard.open(file, { window: 128 })
    assert.equal(guard.commit(guard.check(STREAM, 1, 1000), 1000), 'NORMAL')
    assert.equal(guard.commit(guard.check(STREAM, 5, 1000), 1000), 'GAP')
    assert.deepEqual(guard.missing(STREAM), [[2n, 4n]])
    assert.equal(guard.state(STREAM, 1000), 'GAP')
    throwsTseal(() => guard.check('not-a-uuid', 1, 1000), 'TSEAL_INVALID_UUID')
    // After a restart every number up to the persisted reservation is refused.
    const reopened = StreamGuard.open(file, { window: 128 })
    throwsTseal(() => reopened.check(STREAM, 5, 2000), 'TSEAL_TOO_OLD')
    guard.resync(STREAM)
    assert.deepEqual(guard.missing(STREAM), [])
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
})

test('SignalVerifier and RequestVerifier pipelines', () => {
  const ring = new MacKeyring()
  ring.insert(1, Buffer.alloc(32, 1))
  ring.promote(1)
  const now = 1_700_000_000_000
  const packet = ring.signSignal({
    subscriptionId: STREAM,
    sequence: 1,
    generatedAtMs: now,
    symbol: 'EURUSD',
    orderType: 0,
    volume: { units: 10, decimals: 2 },
    price: { units: 108125, decimals: 5 },
  })
  const verifier = new SignalVerifier({ maxVolume: tradeseal.parseDecimal('1.00') })
  assert.equal(verifier.verify(ring, packet, now).sequence, 1n)
  throwsTseal(() => verifier.verify(ring, packet, now), 'TSEAL_REPLAYED')
  throwsTseal(() => new SignalVerifier({ maxVolume: { units: 5, decimals: 2 } }).verify(ring, packet, now), 'TSEAL_VOLUME_LIMIT')
  throwsTseal(() => new SignalVerifier().verify(ring, packet, now + 3_600_000), 'TSEAL_STALE')

  const secret = MacKey.fromBytes(Buffer.alloc(32, 2))
  const sent = { method: 'POST', path: '/o', timestampMs: now, nonce: 'n1', body: Buffer.from('{}') }
  const h = secret.signRequest(sent, 'k1')
  const received = { method: 'POST', path: '/o', timestamp: h.timestamp, nonce: h.nonce, body: Buffer.from('{}') }
  const requests = new RequestVerifier({ maxAgeMs: 60_000, maxFutureMs: 5_000 }, 1024, { perSecond: 1, burst: 2, maxKeys: 1000 })
  requests.verify('k1', secret, received, h.signature, now)
  throwsTseal(() => requests.verify('k1', secret, received, h.signature, now), 'TSEAL_NONCE_REUSED')
  throwsTseal(() => requests.verify('k1', secret, received, h.signature, now), 'TSEAL_RATE_LIMITED')
  throwsTseal(() => tradeseal.checkTimestamp({ maxAgeMs: 10 }, 0, 100), 'TSEAL_STALE')
  throwsTseal(() => new tradeseal.PriceGuard(10, tradeseal.parseDecimal('0.0001')).check(tradeseal.parseDecimal('1.2'), tradeseal.parseDecimal('1.1')), 'TSEAL_PRICE_DEVIATION')
  throwsTseal(() => tradeseal.parseDecimal('01.5'), 'TSEAL_INVALID_NUMBER')
})

test('Noise XX handshake, transport, and a refused peer', () => {
  const { NoiseKeypair, NoiseSession } = tradeseal
  const [a, b, eve] = [NoiseKeypair.generate(), NoiseKeypair.generate(), NoiseKeypair.generate()]
  const now = 1000
  const init = NoiseSession.initiator({ prologue: Buffer.from('demo'), localPrivateKey: a.privateKey(), allowPeers: [b.publicKey] }, now)
  const resp = NoiseSession.responder({ prologue: Buffer.from('demo'), localPrivateKey: b.privateKey(), allowPeers: [a.publicKey] }, now)
  assert.equal(init.state, 'HANDSHAKING')
  assert.equal(init.protocol, 'Noise_XX_25519_ChaChaPoly_SHA256')
  resp.readMessage(now, init.writeMessage(now, Buffer.alloc(0)))
  init.readMessage(now, resp.writeMessage(now, Buffer.alloc(0)))
  resp.readMessage(now, init.writeMessage(now, Buffer.alloc(0)))
  assert.equal(resp.state, 'TRANSPORT')
  assert.deepEqual(init.handshakeHash(), resp.handshakeHash())
  assert.deepEqual(resp.remoteStatic(), a.publicKey)
  const msg = init.writeMessage(now, Buffer.from('BUY 1 EURUSD'))
  assert.deepEqual(resp.readMessage(now, msg), Buffer.from('BUY 1 EURUSD'))
  throwsTseal(() => resp.readMessage(now, msg), 'TSEAL_DECRYPT_FAILED')

  const stranger = NoiseSession.initiator({ localPrivateKey: eve.privateKey(), allowPeers: [b.publicKey] }, now)
  const guarded = NoiseSession.responder({ localPrivateKey: b.privateKey(), allowPeers: [a.publicKey] }, now)
  guarded.readMessage(now, stranger.writeMessage(now, Buffer.alloc(0)))
  stranger.readMessage(now, guarded.writeMessage(now, Buffer.alloc(0)))
  throwsTseal(() => guarded.readMessage(now, stranger.writeMessage(now, Buffer.alloc(0))), 'TSEAL_PEER_NOT_ALLOWED')
  assert.equal(guarded.state, 'FAILED')
  throwsTseal(() => NoiseSession.initiator({ protocol: 'Noise_XX_448_ChaChaPoly_SHA256' }, now), 'TSEAL_UNSUPPORTED_ALGORITHM')
  throwsTseal(() => init.writeMessage('now', Buffer.alloc(0)), 'TSEAL_INVALID_ARGUMENT', 'TypeError')
})

test('sequence tokens show their number; guards track clock offsets and sizes', () => {
  const { ReplayWindow, StreamGuard, ClockOffset, oldestTimestamp } = tradeseal
  const window = new ReplayWindow(64n)
  assert.equal(window.size, 64n)
  const checked = window.check(5)
  assert.equal(checked.seq, 5n)
  window.commit(checked)
  throwsTseal(() => checked.seq, 'TSEAL_WRONG_STATE')

  const stream = '6f9619ff-8b86-d011-b42d-00c04fc964ff'
  const guard = new StreamGuard()
  assert.equal(guard.size, 0)
  assert.equal(guard.clockOffsetMs(stream), null)
  const first = guard.check(stream, 1, 1000)
  assert.equal(first.seq, 1n)
  assert.equal(guard.commit(first, 1000, 990), 'NORMAL')
  throwsTseal(() => first.seq, 'TSEAL_WRONG_STATE')
  assert.equal(guard.clockOffsetMs(stream), 10)
  assert.equal(guard.commit(guard.check(stream, 2, 1100), 1100, 1018), 'NORMAL')
  assert.equal(guard.clockOffsetMs(stream), 10 + Math.trunc((82 - 10) / 8))
  assert.equal(guard.size, 1)
  throwsTseal(() => guard.clockOffsetMs('not-a-uuid'), 'TSEAL_INVALID_UUID')

  const offset = new ClockOffset()
  assert.equal(offset.estimateMs, null)
  offset.observe(1000, 900)
  assert.equal(offset.estimateMs, -100)
  offset.observe(2000n, 2060n)
  assert.equal(offset.estimateMs, -100 + Math.trunc(160 / 8))
  throwsTseal(() => offset.observe(-1, 0), 'TSEAL_OUT_OF_RANGE', 'RangeError')

  assert.equal(oldestTimestamp({ maxAgeMs: 5000 }, 12_000), 7000n)
  assert.equal(oldestTimestamp({ maxAgeMs: 5000 }, 1000), 0n)
})
