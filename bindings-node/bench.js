// tradeseal through the Node binding against node:crypto (what a Node user would otherwise write), in one run:
// HMAC-SHA256 sign and verify of 64 B vs createHmac, AES-256-GCM seal of 64 B vs createCipheriv, and a Noise XX
// handshake and 64 B transport write+read (no node:crypto peer; compared with the Rust core by the report).
// Run by scripts/bench.sh. With TSEAL_BENCH_JSON=<file>, appends one JSON line per result
// ({group, lang, impl, bytes, median_ns}) for scripts/bench_report.py.
// Usage: node bench.js [iterations per round, default 200000]
'use strict'
const crypto = require('node:crypto')
const fs = require('node:fs')
const v8 = require('node:v8')
const vm = require('node:vm')
const ts = require('.')

const iterations = Number(process.argv[2] ?? 200_000)
const ROUNDS = 7
const keyBytes = crypto.randomBytes(32)
const message = crypto.randomBytes(64)
const key = ts.MacKey.fromBytes(keyBytes)
const tag = key.sign(message)
const tagOut = Buffer.alloc(32)

// A full collection before each case, so that no case pays for the garbage of the cases before it: without
// it the Noise cases ran up to 2x slower after the node:crypto ones than on their own.
v8.setFlagsFromString('--expose-gc')
const collectGarbage = vm.runInNewContext('gc')

/** Median ns per call over ROUNDS rounds of `n` calls, after a full collection and one warm-up round. */
function measure(fn, n = iterations) {
  collectGarbage()
  const perOp = []
  for (let round = 0; round <= ROUNDS; round++) {
    const start = process.hrtime.bigint()
    for (let i = 0; i < n; i++) fn()
    const ns = Number(process.hrtime.bigint() - start) / n
    if (round > 0) perOp.push(ns)
  }
  perOp.sort((a, b) => a - b)
  return perOp[Math.floor(perOp.length / 2)]
}

const nodeSign = () => crypto.createHmac('sha256', keyBytes).update(message).digest()
const nodeVerify = () => {
  if (!crypto.timingSafeEqual(nodeSign(), tag)) throw new Error('bad tag')
}

const sealingKey = ts.SealingKey.fromBytes(ts.AES_256_GCM, keyBytes)
const nodeSeal = () => {
  const iv = crypto.randomBytes(12)
  const cipher = crypto.createCipheriv('aes-256-gcm', keyBytes, iv)
  return Buffer.concat([iv, cipher.update(message), cipher.final(), cipher.getAuthTag()])
}

// Noise: the settings of core/benches/noise.rs (unbounded age and count, rekey every 100 messages).
const NOW = 1
const [alice, bob] = [ts.NoiseKeypair.generate(), ts.NoiseKeypair.generate()]
// Options built once, as the Rust bench holds its keypairs; the handshake writes and reads through caller
// buffers, as the Rust bench does.
const options = (local, peer) => ({
  localKeypair: local,
  allowPeers: [peer.publicKey],
  limits: { maxAgeMs: 2n ** 64n - 1n, maxMessages: 2n ** 64n - 1n },
})
const [initiatorOptions, responderOptions] = [options(alice, bob), options(bob, alice)]
const [handshakeWire, handshakeOut] = [Buffer.alloc(65535), Buffer.alloc(65535)]
const empty = Buffer.alloc(0)
function handshake() {
  const i = ts.NoiseSession.initiator(initiatorOptions, NOW)
  const r = ts.NoiseSession.responder(responderOptions, NOW)
  for (const [from, to] of [[i, r], [r, i], [i, r]]) {
    const n = from.writeMessageInto(NOW, empty, handshakeWire)
    to.readMessageInto(NOW, handshakeWire.subarray(0, n), handshakeOut)
  }
  return [i, r]
}
const [initiator, responder] = handshake()
const payload = crypto.randomBytes(64)
const [wire, received] = [Buffer.alloc(1024), Buffer.alloc(1024)]
/** One transport message each way through caller buffers, as core/benches/noise.rs does. */
function transportInto() {
  const n = initiator.writeMessageInto(NOW, payload, wire)
  responder.readMessageInto(NOW, wire.subarray(0, n), received)
}

const cases = [
  ['hmac-sha256 sign', 'tradeseal MacKey.sign', () => key.sign(message)],
  ['hmac-sha256 sign', 'tradeseal MacKey.signInto (caller buffer)', () => key.signInto(message, tagOut)],
  ['hmac-sha256 sign', 'node:crypto createHmac', nodeSign],
  ['hmac-sha256 verify', 'tradeseal MacKey.verify', () => key.verify(message, tag)],
  ['hmac-sha256 verify', 'node:crypto createHmac + timingSafeEqual', nodeVerify],
  ['aes-256-gcm seal', 'tradeseal SealingKey.seal', () => sealingKey.seal(Buffer.alloc(0), message)],
  ['aes-256-gcm seal', 'node:crypto createCipheriv', nodeSeal],
  ['noise transport write+read', 'tradeseal NoiseSession (caller buffers)', transportInto],
  ['noise transport write+read', 'tradeseal NoiseSession (new Buffers)', () =>
    responder.readMessage(NOW, initiator.writeMessage(NOW, payload))],
  ['noise xx handshake', 'tradeseal NoiseSession', handshake, Math.max(1, Math.floor(iterations / 1000)), 0],
]

const out = process.env.TSEAL_BENCH_JSON
console.log(`node ${process.version}, 64-byte messages, median of ${ROUNDS} rounds`)
for (const [group, impl, fn, n, bytes = 64] of cases) {
  const ns = measure(fn, n)
  console.log(`  ${group.padEnd(28)} ${impl.padEnd(42)} ${ns.toFixed(0).padStart(8)} ns/op`)
  if (out) {
    const record = { group, lang: 'Node', impl, bytes, median_ns: ns }
    fs.appendFileSync(out, JSON.stringify(record) + '\n')
  }
}
