import os from 'node:os';

// The header of every results file: on what, and when, the figures were measured.

export function machineLine(measuredAt: Date): string {
  const cpus = os.cpus();
  const model = cpus[0]?.model.trim().replace(/\s+/g, ' ') ?? 'unknown CPU';
  const memory = `${Math.round(os.totalmem() / 1024 ** 3)} GB RAM`;
  return `Machine: ${cpus.length} cores (${model}), ${memory}, Node ${process.version}, ${os.platform()} ${os.arch()}; measured ${measuredAt.toISOString().slice(0, 16).replace('T', ' ')} UTC.`;
}
