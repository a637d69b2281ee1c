/** Promise wrappers around binding the syslog sockets, with bind errors (EADDRINUSE, EACCES) as rejections. */
import type { Socket as UdpSocket } from 'node:dgram';
import type { Server } from 'node:net';

export function listenTcp(server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    server.once('error', onError);
    server.listen({ host, port }, () => {
      server.off('error', onError);
      const address = server.address();
      resolve(typeof address === 'object' && address !== null ? address.port : port);
    });
  });
}

export function bindUdp(socket: UdpSocket, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    socket.once('error', onError);
    socket.bind({ address: host, port }, () => {
      socket.off('error', onError);
      // A later socket error (e.g. ICMP noise on some platforms) must not crash the process.
      socket.on('error', () => undefined);
      resolve(socket.address().port);
    });
  });
}

export function closeTcp(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}
