/**
 * Bind errors of opsight's listeners (API, OTLP, syslog UDP and TCP), rewritten to name the listener,
 * the address and port it tried and the config key that sets them: a bare EADDRINUSE does not say
 * which of four ports clashed.
 */

export interface ListenerAddress {
  /** The listener as the user knows it: "API listener", "OTLP listener", "syslog UDP listener". */
  name: string;
  /** The config section whose `host` and `port` keys set the address. */
  section: 'server' | 'otlp' | 'syslog';
  host: string;
  port: number;
}

export class ListenError extends Error {
  constructor(message: string, options: ErrorOptions) {
    super(message, options);
    this.name = 'ListenError';
  }
}

function hostKeyOf(section: ListenerAddress['section']): string {
  return section === 'server' ? 'server.host' : `${section}.host, else server.host`;
}

export function describeListenError(error: unknown, { name, section, host, port }: ListenerAddress): ListenError {
  const code = (error as NodeJS.ErrnoException).code;
  const portKey = `${section}.port`;
  const message = (() => {
    switch (code) {
      case 'EADDRINUSE': return `${name}: port ${port} on ${host} is in use (${portKey})`;
      case 'EACCES': return `${name}: not allowed to listen on port ${port} on ${host} (${portKey}); ports below 1024 need root or CAP_NET_BIND_SERVICE`;
      case 'EADDRNOTAVAIL': return `${name}: ${host} is not an address of this machine (${hostKeyOf(section)})`;
      case 'ENOTFOUND':
      case 'EAI_AGAIN': return `${name}: the host name ${host} does not resolve (${hostKeyOf(section)})`;
      default: return `${name}: cannot listen on port ${port} on ${host}: ${(error as Error).message}`;
    }
  })();
  return new ListenError(message, { cause: error });
}

/** Runs `bind`, turning its failure into a ListenError naming `listener`. */
export async function listenAs<T>(listener: ListenerAddress, bind: () => Promise<T>): Promise<T> {
  try {
    return await bind();
  } catch (error) {
    throw describeListenError(error, listener);
  }
}
