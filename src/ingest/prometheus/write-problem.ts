/** Why a remote-write request was refused: a stable reason (for metrics), a message naming the problem, and the HTTP status. */

export const WriteProblemReason = {
  emptyBody: 'empty_body',
  corruptSnappy: 'corrupt_snappy',
  tooLarge: 'too_large',
  badProtobuf: 'bad_protobuf',
  badLabels: 'bad_labels',
  badTimestamp: 'bad_timestamp',
  overLimit: 'over_limit',
} as const;
export type WriteProblemReason = (typeof WriteProblemReason)[keyof typeof WriteProblemReason];

export interface WriteIssue {
  /** Where, e.g. `timeseries[3].samples[0].timestamp`. */
  path: string;
  message: string;
}

export class WriteProblem extends Error {
  constructor(readonly reason: WriteProblemReason, message: string, readonly issues: WriteIssue[] = []) {
    super(message);
    this.name = 'WriteProblem';
  }
}
