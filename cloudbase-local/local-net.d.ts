// Types of local-net.js for CloudBase Local's entry, the product's start script and the tests.
export function chosenPort(env?: NodeJS.ProcessEnv): number;
export function listenHint(error: unknown, port: number): string | null;
export function probePort(port: number, host: string): Promise<NodeJS.ErrnoException | null>;
export function lanAddresses(): string[];
export const LAN_WARNING: string;
