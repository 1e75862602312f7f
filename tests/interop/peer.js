// The Node side of the cross-language Noise test: plays tests/interop/conversation.json over loopback TCP.
//
// Usage: node peer.js server|client CONVERSATION [--port N] [--reject | --expect-closed]
// See tests/interop/README.md for the protocol; scripts/test-interop.sh runs it against the other languages.
'use strict'
const fs = require('node:fs')
const net = require('node:net')
const path = require('node:path')

const tradeseal = require(path.join(__dirname, '..', '..', 'bindings-node'))
const { MacKeyring, NoiseFrameDecoder, NoiseSession, encodeNoiseFrame } = tradeseal

const TIMEOUT_MS = 20000
const start = process.hrtime.bigint()
const nowMs = () => Number((process.hrtime.bigint() - start) / 1000000n)

function fail(message) {
  console.error(`peer.js: ${message}`)
  process.exit(1)
}

/** A Noise session over a socket, one stream frame per Noise message (the library's framing). */
class Channel {
  constructor(socket, session) {
    Object.assign(this, { socket, session, decoder: new NoiseFrameDecoder(), pending: [], waiting: null, closed: false })
    socket.setTimeout(TIMEOUT_MS, () => fail('timed out'))
    socket.on('data', (chunk) => {
      this.pending.push(chunk)
      this.wake()
    })
    socket.on('end', () => {
      this.closed = true
      this.wake()
    })
    socket.on('error', () => {
      this.closed = true
      this.wake()
    })
  }

  wake() {
    const waiting = this.waiting
    this.waiting = null
    if (waiting) waiting()
  }

  send(payload) {
    this.socket.write(encodeNoiseFrame(this.session.writeMessage(nowMs(), payload)))
  }

  /** The next payload, or null when the peer closed the connection. */
  async receive() {
    for (;;) {
      const message = this.decoder.takeFrame()
      if (message !== null) return this.session.readMessage(nowMs(), message)
      if (this.pending.length > 0) {
        const used = this.decoder.feed(this.pending[0])
        this.pending[0] = this.pending[0].subarray(used)
        if (this.pending[0].length === 0) this.pending.shift()
        continue
      }
      if (this.closed) return null
      await new Promise((resolve) => {
        this.waiting = resolve
      })
    }
  }
}

const fill = (n) => Buffer.from(Array.from({ length: n }, (_, i) => i % 251))

function signalInit(s) {
  return {
    subscriptionId: s.subscription_id,
    sequence: BigInt(s.sequence),
    generatedAtMs: BigInt(s.generated_at_ms),
    symbol: s.symbol,
    orderType: s.order_type,
    volume: { units: BigInt(s.volume_units), decimals: s.volume_decimals },
    price: { units: BigInt(s.price_units), decimals: s.price_decimals },
  }
}

function payloadOf(step, keys) {
  if ('text' in step) return Buffer.from(step.text, 'utf8')
  if ('fill' in step) return fill(step.fill)
  return keys.signSignal(signalInit(step.signal))
}

function checkStep(step, payload, keys, keyId, index) {
  if (!('signal' in step)) {
    if (!payload.equals(payloadOf(step, keys))) fail(`step ${index}: payload differs (${payload.length} bytes)`)
    return
  }
  const got = keys.verifySignal(payload)
  const want = signalInit(step.signal)
  const same =
    got.keyId === keyId &&
    got.subscriptionId === want.subscriptionId &&
    got.sequence === want.sequence &&
    got.generatedAtMs === want.generatedAtMs &&
    got.symbol === want.symbol &&
    got.orderType === want.orderType &&
    BigInt(got.volume.units) === want.volume.units &&
    got.volume.decimals === want.volume.decimals &&
    BigInt(got.price.units) === want.price.units &&
    got.price.decimals === want.price.decimals
  if (!same) fail(`step ${index}: signal differs: ${JSON.stringify(got, (_, v) => (typeof v === 'bigint' ? `${v}` : v))}`)
}

async function play(socket, args, conv) {
  const [me, peer] = args.role === 'server' ? ['server', 'client'] : ['client', 'server']
  const pinned = Buffer.from(conv[args.reject ? 'stranger_public' : `${peer}_public`], 'hex')
  const options = {
    protocol: conv.protocol,
    prologue: Buffer.from(conv.prologue, 'hex'),
    localPrivateKey: Buffer.from(conv[`${me}_private`], 'hex'),
    allowPeers: [pinned],
  }
  const session = args.role === 'server' ? NoiseSession.responder(options, nowMs()) : NoiseSession.initiator(options, nowMs())
  const keys = new MacKeyring()
  keys.insert(conv.mac_key_id, Buffer.from(conv.mac_key, 'hex'))
  keys.promote(conv.mac_key_id)
  const channel = new Channel(socket, session)

  try {
    while (session.state === 'HANDSHAKING') {
      if (session.isMyTurn) channel.send(Buffer.alloc(0))
      else if ((await channel.receive()) === null) {
        if (args.expectClosed) return console.log('closed as expected')
        fail('connection closed during the handshake')
      }
    }
  } catch (err) {
    if (args.reject && err.code === 'TSEAL_PEER_NOT_ALLOWED') {
      console.log('rejected TSEAL_PEER_NOT_ALLOWED')
      return socket.destroy()
    }
    throw err
  }
  if (args.reject) fail('the handshake with a stranger\'s key succeeded')
  if (!pinned.equals(session.remoteStatic())) fail('the peer\'s static key is not the pinned one')
  console.log(`handshake_hash ${session.handshakeHash().toString('hex')}`)
  if (args.expectClosed) {
    if ((await channel.receive()) !== null) fail('the peer sent data although it should have refused the handshake')
    return console.log('closed as expected')
  }
  for (const [index, step] of conv.steps.entries()) {
    if (step.from === me) channel.send(payloadOf(step, keys))
    else {
      const payload = await channel.receive()
      if (payload === null) fail(`step ${index}: connection closed`)
      checkStep(step, payload, keys, conv.mac_key_id, index)
    }
  }
  socket.end()
  if ((await channel.receive()) !== null) fail('data after the last step')
  console.log(`ok ${conv.steps.length} steps`)
}

function parseArgs(argv) {
  const args = { role: argv[0], conversation: argv[1], port: 0, reject: false, expectClosed: false }
  if (!['server', 'client'].includes(args.role) || !args.conversation) fail('usage: peer.js server|client CONVERSATION [--port N] [--reject|--expect-closed]')
  for (let i = 2; i < argv.length; i++) {
    if (argv[i] === '--port') args.port = Number(argv[++i])
    else if (argv[i] === '--reject') args.reject = true
    else if (argv[i] === '--expect-closed') args.expectClosed = true
    else fail(`unknown argument ${argv[i]}`)
  }
  return args
}

function main() {
  const args = parseArgs(process.argv.slice(2))
  const conv = JSON.parse(fs.readFileSync(args.conversation, 'utf8'))
  const run = (socket) =>
    play(socket, args, conv).then(
      () => process.exit(0),
      (err) => fail(`${err.code ?? ''} ${err.stack}`),
    )
  if (args.role === 'server') {
    const server = net.createServer((socket) => {
      server.close()
      run(socket)
    })
    server.listen(0, '127.0.0.1', () => console.log(`port ${server.address().port}`))
    setTimeout(() => fail('no client connected'), TIMEOUT_MS).unref()
  } else {
    const refused = (err) => fail(`connect: ${err.message}`)
    const socket = net.connect(args.port, '127.0.0.1', () => {
      socket.off('error', refused)
      run(socket)
    })
    socket.once('error', refused)
  }
}

main()
