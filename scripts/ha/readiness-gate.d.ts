export class ReadinessTracker {
  constructor(count: number, options?: { fall?: number; rise?: number; initiallyUp?: boolean });
  readonly up: boolean[];
  record(index: number, ok: boolean): boolean;
}

export class ReadinessGate {
  constructor(
    targets: string[],
    options: {
      intervalMs?: number;
      fall?: number;
      rise?: number;
      initiallyUp?: boolean;
      onChange: (up: boolean[]) => void | Promise<void>;
    },
  );
  readonly up: boolean[];
  start(): void;
  stop(): Promise<void>;
}
