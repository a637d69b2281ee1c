/** API tokens: only the SHA-256 hash of a token is stored. */
import type { SqlExecutor, Row } from '../sql.js';
import type { Role, TokenRecord, TokenRepository } from '../types.js';

interface TokenRow extends Row {
  id: string; name: string; role: string; hash: string; created_at: number; last_used_at: number | null; revoked_at: number | null;
}

const toToken = (row: TokenRow): TokenRecord => ({
  id: row.id, name: row.name, role: row.role as Role, hash: row.hash,
  createdAt: Number(row.created_at), lastUsedAt: row.last_used_at === null ? null : Number(row.last_used_at),
  revokedAt: row.revoked_at === null ? null : Number(row.revoked_at),
});

export class SqlTokenRepository implements TokenRepository {
  constructor(private readonly sql: SqlExecutor) {}

  async insert(token: TokenRecord): Promise<void> {
    await this.sql.run('INSERT INTO tokens (id, name, role, hash, created_at, last_used_at, revoked_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      [token.id, token.name, token.role, token.hash, token.createdAt, token.lastUsedAt, token.revokedAt]);
  }

  async findByHash(hash: string): Promise<TokenRecord | undefined> {
    const [row] = await this.sql.query<TokenRow>('SELECT * FROM tokens WHERE hash = ?', [hash]);
    return row === undefined ? undefined : toToken(row);
  }

  async list(): Promise<TokenRecord[]> {
    return (await this.sql.query<TokenRow>('SELECT * FROM tokens ORDER BY created_at, id')).map(toToken);
  }

  async revoke(id: string, at: number): Promise<boolean> {
    return (await this.sql.run('UPDATE tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL', [at, id])) > 0;
  }

  async touch(id: string, at: number): Promise<void> {
    await this.sql.run('UPDATE tokens SET last_used_at = ? WHERE id = ?', [at, id]);
  }

  async count(): Promise<number> {
    const [row] = await this.sql.query<{ n: number }>('SELECT COUNT(*) AS n FROM tokens');
    return Number(row?.n ?? 0);
  }
}
