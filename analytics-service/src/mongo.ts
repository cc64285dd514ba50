import { MongoClient } from 'mongodb';

/** A command sent to MongoDB and not yet answered, for the log of a stuck worker. */
export interface InFlightCommand {
  command: string;
  collection: string | undefined;
  ms: number;
}

/**
 * The process's MongoDB client, with its unanswered commands and waiting connection checkouts
 * tracked: when a write hangs, the log names what MongoDB never answered.
 */
export class MongoConnection {
  readonly client: MongoClient;
  private readonly commands = new Map<
    number,
    { command: string; collection: string | undefined; at: number }
  >();
  private checkoutsWaiting = 0;
  private server = 'unknown';

  constructor(uri: string) {
    this.client = new MongoClient(uri, {
      serverSelectionTimeoutMS: 2000,
      // A write that never answers (its server died mid-command) must fail so the worker retries it; never hang.
      socketTimeoutMS: 30_000,
      waitQueueTimeoutMS: 30_000,
      monitorCommands: true,
    });
    this.client.on('commandStarted', (event) => {
      const collection = event.command[event.commandName];
      this.commands.set(event.requestId, {
        command: event.commandName,
        collection: typeof collection === 'string' ? collection : undefined,
        at: Date.now(),
      });
    });
    this.client.on('commandSucceeded', (event) => this.commands.delete(event.requestId));
    this.client.on('commandFailed', (event) => this.commands.delete(event.requestId));
    this.client.on('connectionCheckOutStarted', () => this.checkoutsWaiting++);
    this.client.on('connectionCheckedOut', () => this.checkoutsWaiting--);
    this.client.on('connectionCheckOutFailed', () => this.checkoutsWaiting--);
    this.client.on('serverDescriptionChanged', (event) => {
      const error = event.newDescription.error;
      this.server = `${event.address} ${event.newDescription.type}${error ? ` (${error.message})` : ''}`;
    });
  }

  /** What this process is waiting for from MongoDB right now. */
  pending(): { commands: InFlightCommand[]; checkoutsWaiting: number; server: string } {
    const now = Date.now();
    return {
      commands: [...this.commands.values()].map((c) => ({
        command: c.command,
        collection: c.collection,
        ms: now - c.at,
      })),
      checkoutsWaiting: this.checkoutsWaiting,
      server: this.server,
    };
  }

  close() {
    return this.client.close();
  }
}
