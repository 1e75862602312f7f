// How each tests/vectors op is run through the Node API: `op(input) -> output fields`, mirroring the Rust
// dispatcher in core/tests/vectors.rs. Byte outputs are Buffers, u64/i64 outputs bigints (compared as
// hex and decimal strings). An op missing here fails the vector test: every op must be bound.
'use strict'
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const { tradeseal, hex } = require('./support')
const { MacKey, MacKeyring, LessSafeKey, SealingKeyring, MasterKey, Ed25519SigningKey, Ed25519VerifyingKey } = tradeseal

/** Inputs that are bytes (hex in JSON); every other string input is text, tampered in its UTF-8 bytes. */
const BYTE_INPUTS = ['file', 'key', 'message', 'tag', 'signed', 'payload', 'body', 'explicit_nonce', 'sealed', 'aad', 'envelope', 'public_key', 'sig',
  'msg', 'prologue', 'psk', 'init_static', 'resp_static', 'init_static_public', 'resp_static_public', 'init_ephemeral', 'resp_ephemeral',
  'exported', 'local_static', 'remote_public', 'allow_peer']

/** Whether input `name` is bytes; numbered inputs (noise.json's `payload3`, `msg3`) are their stem's kind. */
const isByteInput = (name) => BYTE_INPUTS.includes(name.replace(/\d+$/, ''))

/** A MacKeyring from the vectors' `"keys": [{"id", "key", "primary"}]`. */
function macKeyring(keys) {
  const ring = new MacKeyring()
  for (const { id, key, primary } of keys) {
    ring.insert(id, hex(key))
    if (primary) ring.promote(id)
  }
  return ring
}

/** `keys: [{id, algorithm, key, primary}]` as a SealingKeyring, and the primary entry. */
function sealingKeyring(keys) {
  const ring = new SealingKeyring()
  let primary
  for (const entry of keys) {
    ring.insert(entry.id, entry.algorithm, hex(entry.key))
    if (entry.primary) {
      ring.promote(entry.id)
      primary = entry
    }
  }
  return { ring, primary }
}

const lessSafeKey = (i) => LessSafeKey.fromBytes(i.algorithm, hex(i.key))

/** `"OK"`, or the code of the error `fn` throws (the vectors' per-step verdicts). */
function verdict(fn) {
  try {
    fn()
    return 'OK'
  } catch (err) {
    if (typeof err.code !== 'string' || !err.code.startsWith('TSEAL_')) throw err
    return err.code
  }
}

const timeWindow = (i) => ({ maxAgeMs: i.max_age_ms, maxFutureMs: i.max_future_ms })
const decimalText = (text) => tradeseal.parseDecimal(text)
const rateLimit = (i) => ({ perSecond: i.per_second, burst: i.burst, maxKeys: i.max_keys })

const key = (i) => MacKey.fromBytes(hex(i.key))
const decimal = (i, prefix) => ({ units: BigInt(i[`${prefix}_units_str`]), decimals: i[`${prefix}_decimals`] })

/** The outputs every op that yields a signal reports, as the vectors name them. */
function signalOut(s) {
  return {
    subscription_id: s.subscriptionId,
    sequence_str: s.sequence.toString(),
    generated_at_ms_str: s.generatedAtMs.toString(),
    symbol: s.symbol,
    order_type: s.orderType,
    volume_units_str: s.volume.units.toString(),
    volume_decimals: s.volume.decimals,
    price_units_str: s.price.units.toString(),
    price_decimals: s.price.decimals,
  }
}

/** Hex input `name` as bytes, or `undefined` when it is `""` (noise.json's "none"). */
const optionalHex = (i, name) => (i[name] === '' ? undefined : hex(i[name]))

/** One side of a noise.json case, built as tests/vectors/README.md describes (time is always 0). */
function noiseSide(i, initiator) {
  const [me, peer] = initiator ? ['init', 'resp'] : ['resp', 'init']
  const peerPublic = optionalHex(i, `${peer}_static_public`)
  const pinsResponder = initiator && /^Noise_(IK|NK)_/.test(i.protocol)
  const options = {
    protocol: i.protocol,
    prologue: hex(i.prologue),
    mode: i.mode,
    limits: { rekeyInterval: i.rekey_interval },
    fixedEphemeralKeyForTestingOnly: hex(i[`${me}_ephemeral`]),
    localPrivateKey: optionalHex(i, `${me}_static`),
    psk: optionalHex(i, 'psk'),
    remotePublicKey: pinsResponder ? peerPublic : undefined,
    allowPeers: !pinsResponder && peerPublic ? [peerPublic] : undefined,
  }
  return initiator ? tradeseal.NoiseSession.initiator(options, 0) : tradeseal.NoiseSession.responder(options, 0)
}

/** A noise_session.json case's builder settings as NoiseOptions (`""` = not set). */
function importOptions(i) {
  const allow = optionalHex(i, 'allow_peer')
  return {
    protocol: i.protocol,
    mode: i.mode,
    limits: { maxAgeMs: i.max_age_ms, maxMessages: i.max_messages, idleTimeoutMs: i.idle_timeout_ms, rekeyInterval: i.rekey_interval },
    localPrivateKey: optionalHex(i, 'local_static'),
    remotePublicKey: optionalHex(i, 'remote_public'),
    psk: optionalHex(i, 'psk'),
    allowPeers: allow ? [allow] : undefined,
  }
}

const ops = {
  mac_sign: (i) => ({ tag: key(i).sign(hex(i.message)) }),
  mac_verify: (i) => key(i).verify(hex(i.message), hex(i.tag)),
  frame_sign: (i) => ({
    signed: macKeyring(i.keys).signFrame({
      streamId: BigInt(i.stream_id_str),
      sequence: BigInt(i.sequence_str),
      timestampNs: BigInt(i.timestamp_ns_str),
      payload: hex(i.payload),
    }),
  }),
  frame_verify: (i) => {
    const f = macKeyring(i.keys).verifyFrame(hex(i.signed), i.max_payload)
    return {
      key_id: f.keyId,
      stream_id_str: f.streamId.toString(),
      sequence_str: f.sequence.toString(),
      timestamp_ns_str: f.timestampNs.toString(),
      payload: f.payload,
    }
  },
  signal_sign: (i) => ({
    signed: macKeyring(i.keys).signSignal({
      subscriptionId: i.subscription_id,
      sequence: BigInt(i.sequence_str),
      generatedAtMs: BigInt(i.generated_at_ms_str),
      symbol: i.symbol,
      orderType: i.order_type,
      volume: decimal(i, 'volume'),
      price: decimal(i, 'price'),
    }),
  }),
  signal_verify: (i) => {
    const s = macKeyring(i.keys).verifySignal(hex(i.signed))
    return { ...signalOut(s), key_id: s.keyId }
  },
  decimal_from_f64: (i) => ({ units_str: tradeseal.decimalFromNumber(Number(i.value), i.decimals).units.toString() }),
  legacy_sign: (i) => {
    const signed = key(i).signLegacy({
      subscriptionId: i.subscription_id,
      sequence: BigInt(i.sequence_str),
      generatedAtMs: BigInt(i.generated_at_ms_str),
      symbol: i.symbol,
      orderType: i.order_type,
      volume: Number(i.volume),
      price: Number(i.price),
    })
    return { line: signed.line, signature: signed.signature }
  },
  legacy_verify: (i) => signalOut(key(i).verifyLegacy(Buffer.from(i.line, 'utf8'), i.signature)),
  request_sign: (i) => {
    const request = {
      method: i.method,
      path: i.path,
      timestampMs: BigInt(i.timestamp_ms_str),
      nonce: i.nonce,
      body: hex(i.body),
    }
    const h = key(i).signRequest(request, i.api_key)
    return { x_api_key: h.apiKey, x_timestamp: h.timestamp, x_nonce: h.nonce, x_signature: h.signature }
  },
  request_verify: (i) => {
    const request = { method: i.method, path: i.path, timestamp: i.timestamp, nonce: i.nonce, body: hex(i.body) }
    key(i).verifyRequest(request, i.signature)
    return {}
  },
  aead_seal: (i) => ({ sealed: lessSafeKey(i).seal(hex(i.explicit_nonce), hex(i.aad), hex(i.plaintext)) }),
  aead_open: (i) => ({ plaintext: lessSafeKey(i).open(hex(i.explicit_nonce), hex(i.aad), hex(i.sealed)) }),
  envelope_seal: (i) => {
    const { ring, primary } = sealingKeyring(i.keys)
    const id = ring.primaryId
    const envelope = lessSafeKey(primary).sealEnvelope(id, hex(i.explicit_nonce), hex(i.aad), hex(i.plaintext))
    return { envelope }
  },
  envelope_open: (i) => ({ plaintext: sealingKeyring(i.keys).ring.open(hex(i.aad), hex(i.envelope)) }),
  hkdf_extract: (i) => ({ prk: tradeseal.hkdfExtract(hex(i.salt), hex(i.ikm)) }),
  hkdf_expand: (i) => ({ okm: tradeseal.hkdfExpand(hex(i.prk), hex(i.info), i.length) }),
  kdf_derive: (i) => ({ okm: MasterKey.fromBytes(hex(i.master)).derive(i.label, hex(i.context), i.length) }),
  argon2id: (i) => {
    const params = { memoryKib: i.memory_kib, passes: i.passes, lanes: i.lanes }
    return { key: tradeseal.argon2id(hex(i.password), hex(i.salt), params, i.length) }
  },
  ed25519_sign: (i) => {
    const signing = Ed25519SigningKey.fromSeed(hex(i.seed))
    return { public_key: signing.publicKey, sig: signing.sign(hex(i.message)) }
  },
  ed25519_verify: (i) => Ed25519VerifyingKey.fromBytes(hex(i.public_key)).verify(hex(i.message), hex(i.sig)),
  replay_window: (i) => {
    const window = new tradeseal.ReplayWindow(i.window)
    const verdicts = i.steps.map((step) => {
      let checked
      const v = verdict(() => {
        checked = window.check(BigInt(step.seq_str))
      })
      if (checked && step.commit) window.commit(checked)
      return v
    })
    return { verdicts }
  },
  guard_state: (i) => {
    // `file` (when given) written to a fresh path, a guard opened there, each step accepted at time 0.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tseal-guard-state-'))
    try {
      const file = path.join(dir, 'guard.state')
      if ('file' in i) fs.writeFileSync(file, hex(i.file))
      const guard = tradeseal.StreamGuard.open(file, { window: i.window })
      const verdicts = i.steps.map((step) => verdict(() => guard.commit(guard.check(step.stream, BigInt(step.seq_str), 0n), 0n)))
      return { verdicts, file: fs.readFileSync(file) }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  },
  stream_guard: (i) => {
    const guard = new tradeseal.StreamGuard({
      window: i.window,
      maxGapAgeMs: i.max_gap_age_ms,
      maxMissing: i.max_missing,
      maxStreams: i.max_streams,
    })
    const steps = i.steps.map((step) => {
      const now = BigInt(step.now_ms_str)
      const v = verdict(() => {
        if (step.action === 'accept') guard.commit(guard.check(step.stream, BigInt(step.seq_str), now), now)
        else if (step.action === 'resync') guard.resync(step.stream)
        else throw new Error(`unknown stream_guard action ${step.action}`)
      })
      const missing = guard.missing(step.stream).map(([first, last]) => `${first}-${last}`)
      return { verdict: v, state: guard.state(step.stream, now), missing }
    })
    return { steps }
  },
  time_window: (i) => tradeseal.checkTimestamp(timeWindow(i), BigInt(i.timestamp_ms_str), BigInt(i.now_ms_str)),
  nonce_cache: (i) => {
    const cache = new tradeseal.NonceCache(timeWindow(i), i.capacity)
    const verdicts = i.steps.map((s) =>
      verdict(() => cache.insert(s.scope, BigInt(s.timestamp_ms_str), s.nonce, BigInt(s.now_ms_str))),
    )
    return { verdicts }
  },
  rate_limit: (i) => {
    const limiter = new tradeseal.RateLimiter(rateLimit(i))
    return { verdicts: i.steps.map((s) => verdict(() => limiter.acquire(s.key, BigInt(s.now_ms_str)))) }
  },
  price_guard: (i) =>
    new tradeseal.PriceGuard(i.max_pips, decimalText(i.pip)).check(decimalText(i.price), decimalText(i.reference)),
  signal_pipeline: (i) => {
    const ring = macKeyring(i.keys)
    const policy = { ...timeWindow(i), maxVolume: decimalText(i.max_volume) }
    const verifier = new tradeseal.SignalVerifier(policy, { window: i.window })
    return { verdicts: i.steps.map((s) => verdict(() => verifier.verify(ring, hex(s.signed), BigInt(s.now_ms_str)))) }
  },
  request_pipeline: (i) => {
    const secret = key(i)
    const limit = 'per_second' in i ? rateLimit(i) : undefined
    const verifier = new tradeseal.RequestVerifier(timeWindow(i), i.nonce_capacity, limit)
    const verdicts = i.steps.map((s) =>
      verdict(() => {
        const request = { method: s.method, path: s.path, timestamp: s.timestamp, nonce: s.nonce, body: hex(s.body) }
        verifier.verify(s.api_key, secret, request, s.signature, BigInt(s.now_ms_str))
      }),
    )
    return { verdicts }
  },
  noise_transcript: (i) => {
    const sides = [noiseSide(i, true), noiseSide(i, false)]
    const out = {}
    for (let n = 0; n < i.count; n++) {
      const [from, to] = n % 2 === 0 ? sides : [sides[1], sides[0]]
      out[`msg${n}`] = from.writeMessage(0, hex(i[`payload${n}`]))
      out[`payload${n}`] = to.readMessage(0, hex(i[`msg${n}`]))
    }
    return { ...out, handshake_hash: sides[0].handshakeHash() }
  },
  noise_import: (i) => {
    const { ring } = sealingKeyring(i.keys)
    const session = tradeseal.NoiseSession.importSession(importOptions(i), i.now_ms, ring, hex(i.exported))
    const out = { handshake_hash: session.handshakeHash(), remote_static: session.remoteStatic() ?? '' }
    for (let n = 0; n < i.count; n++) {
      if (`msg${n}` in i) out[`payload${n}`] = session.readMessage(i.now_ms, hex(i[`msg${n}`]))
      else out[`msg${n}`] = session.writeMessage(i.now_ms, hex(i[`payload${n}`]))
    }
    return out
  },
}

module.exports = { ops, macKeyring, isByteInput }
