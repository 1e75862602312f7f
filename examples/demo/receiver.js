// The demo's Node receiver: a Noise XX responder on loopback TCP that verifies every signal it is sent.
//
// Usage: node receiver.js KEY_ID KEY_HEX INITIATOR_PUBLIC_KEY_HEX
// Prints one JSON line when listening ({port, publicKey}), then one per received signal
// ({sequence, sha256, verdict}); exits when the peer closes the connection.
'use strict'

const crypto = require('node:crypto')
const net = require('node:net')
// In an application: `require('tradeseal')`.
const { MacKeyring, NoiseKeypair, NoiseSession, SignalVerifier } = require('../../bindings-node')

const [keyId, keyHex, initiatorPublicHex] = process.argv.slice(2)
const keyring = new MacKeyring()
keyring.insert(Number(keyId), Buffer.from(keyHex, 'hex'))
keyring.promote(Number(keyId))
const verifier = new SignalVerifier({ maxAgeMs: 60_000, maxFutureMs: 5_000 })

const me = NoiseKeypair.generate()
const session = NoiseSession.responder(
  {
    prologue: Buffer.from('tradeseal demo v1'),
    localPrivateKey: me.privateKey(),
    allowPeers: [Buffer.from(initiatorPublicHex, 'hex')],
  },
  Date.now(),
)

const say = (obj) => process.stdout.write(JSON.stringify(obj) + '\n')

// Stream framing: a 2-byte big-endian length before each Noise message.
function frames(socket, onMessage) {
  let pending = Buffer.alloc(0)
  socket.on('data', (chunk) => {
    pending = Buffer.concat([pending, chunk])
    while (pending.length >= 2 && pending.length >= 2 + pending.readUInt16BE(0)) {
      const len = pending.readUInt16BE(0)
      onMessage(pending.subarray(2, 2 + len))
      pending = pending.subarray(2 + len)
    }
  })
}

function send(socket, message) {
  const header = Buffer.alloc(2)
  header.writeUInt16BE(message.length)
  socket.write(Buffer.concat([header, message]))
}

const server = net.createServer((socket) => {
  frames(socket, (message) => {
    const now = Date.now()
    const payload = session.readMessage(now, message)
    if (session.state === 'HANDSHAKING') {
      if (session.isMyTurn) send(socket, session.writeMessage(now, Buffer.alloc(0)))
      return
    }
    if (payload.length === 0) return // the handshake's last message
    const sha256 = crypto.createHash('sha256').update(payload).digest('hex')
    try {
      const signal = verifier.verify(keyring, payload, now)
      say({ sequence: Number(signal.sequence), sha256, verdict: 'OK' })
    } catch (err) {
      say({ sequence: null, sha256, verdict: err.code })
    }
  })
  socket.on('close', () => server.close())
})

server.listen(0, '127.0.0.1', () => {
  say({ port: server.address().port, publicKey: me.publicKey.toString('hex') })
})
