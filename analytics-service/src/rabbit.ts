import amqp from 'amqplib';

/**
 * One AMQP connection per process, opened on first use and reopened after it drops. Callers ask
 * `ensure()` for the live connection; it rejects while the broker is unreachable.
 */
export class RabbitConnection {
  private connection: amqp.ChannelModel | undefined;
  private connecting: Promise<amqp.ChannelModel> | undefined;
  private closed = false;

  constructor(
    private readonly url: string,
    private readonly onError: (error: unknown) => void = () => {},
  ) {}

  async ensure(): Promise<amqp.ChannelModel> {
    if (this.closed) throw new Error('connection closed');
    if (this.connection) return this.connection;
    this.connecting ??= amqp
      .connect(this.url, { timeout: 2000 })
      .then((connection) => {
        connection.on('error', this.onError);
        connection.on('close', () => {
          this.connection = undefined;
        });
        this.connection = connection;
        return connection;
      })
      .finally(() => {
        this.connecting = undefined;
      });
    return this.connecting;
  }

  async close() {
    this.closed = true;
    const connection = this.connection;
    this.connection = undefined;
    await connection?.close().catch(() => {});
  }
}
