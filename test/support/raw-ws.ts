import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';

/**
 * A WebSocket client at the byte level, for what a well-behaved client library will not do: claim a
 * 100 MiB message, or stop reading. Resolves with the socket once the server has switched protocols.
 */
export function rawWebSocket(url: string, localAddress: string): Promise<Socket> {
  const { hostname, port, pathname } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port), localAddress }, () => {
      socket.write(
        [
          `GET ${pathname} HTTP/1.1`,
          `Host: ${hostname}:${port}`,
          'Upgrade: websocket',
          'Connection: Upgrade',
          `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}`,
          'Sec-WebSocket-Version: 13',
          'Sec-WebSocket-Protocol: graphql-transport-ws',
          '',
          '',
        ].join('\r\n'),
      );
    });
    let head = '';
    const onData = (chunk: Buffer) => {
      head += chunk.toString('latin1');
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) return;
      socket.off('data', onData);
      if (!head.startsWith('HTTP/1.1 101')) {
        socket.destroy();
        return reject(new Error(head.split('\r\n')[0]));
      }
      const rest = Buffer.from(head.slice(end + 4), 'latin1');
      if (rest.length) socket.unshift(rest);
      resolve(socket);
    };
    socket.on('data', onData);
    socket.on('error', reject);
  });
}

/** The header of a masked text frame (client to server) announcing `length` payload bytes. */
export function frameHeader(length: number, mask: Buffer): Buffer {
  const head = length < 126 ? 2 : length < 65536 ? 4 : 10;
  const buf = Buffer.alloc(head + 4);
  buf[0] = 0x81;
  if (head === 2) buf[1] = 0x80 | length;
  else if (head === 4) {
    buf[1] = 0x80 | 126;
    buf.writeUInt16BE(length, 2);
  } else {
    buf[1] = 0x80 | 127;
    buf.writeBigUInt64BE(BigInt(length), 2);
  }
  mask.copy(buf, head);
  return buf;
}

/** Resolves with the close code of the first close frame the server sends (or 1006 if none). */
export function closeCode(socket: Socket): Promise<number> {
  return new Promise((resolve) => {
    let seen = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      seen = Buffer.concat([seen, chunk]);
      // Unmasked server frames: skip whole frames until a close frame (opcode 8).
      while (seen.length >= 2) {
        const len7 = seen[1] & 0x7f;
        const off = len7 === 126 ? 4 : len7 === 127 ? 10 : 2;
        if (seen.length < off) return;
        const len =
          len7 === 126
            ? seen.readUInt16BE(2)
            : len7 === 127
              ? Number(seen.readBigUInt64BE(2))
              : len7;
        if (seen.length < off + len) return;
        if ((seen[0] & 0x0f) === 8) return resolve(len >= 2 ? seen.readUInt16BE(off) : 1005);
        seen = seen.subarray(off + len);
      }
    });
    socket.on('close', () => resolve(1006));
  });
}
