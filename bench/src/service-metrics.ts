/** A counter of a service's /metrics, summed over its labels (0 if absent); `label`: only lines with it, e.g. `type="x"`. */
export async function metricTotal(serviceUrl: string, name: string, label?: string): Promise<number> {
  return sumOf(await fetch(`${serviceUrl}/metrics`).then((r) => r.text()), name, label);
}

function sumOf(text: string, name: string, label?: string): number {
  return text
    .split('\n')
    .filter((l) => l.startsWith(`${name}{`) || l.startsWith(`${name} `))
    .filter((l) => label === undefined || l.includes(label))
    .reduce((total, l) => total + Number(l.slice(l.lastIndexOf(' ') + 1)), 0);
}

/** A service's own count of the store operations it sent so far (threadline_store_operations_total, every command). */
export async function storeOperationsOf(serviceUrl: string): Promise<number> {
  return metricTotal(serviceUrl, 'threadline_store_operations_total');
}

/** A service's own count of the documents its store commands wrote (threadline_store_documents_written_total) of one command. */
export async function storeDocumentsWrittenOf(serviceUrl: string, command: 'insert' | 'update' | 'delete'): Promise<number> {
  return metricTotal(serviceUrl, 'threadline_store_documents_written_total', `command="${command}"`);
}

/** The tickets service's own count of store operations per contact attached (threadline_intake_*), NaN before it had one. */
export async function storeOperationsPerContact(ticketsUrl: string): Promise<number> {
  const text = await fetch(`${ticketsUrl}/metrics`).then((r) => r.text());
  const sum = (name: string) => sumOf(text, name);
  const contacts = sum('threadline_intake_contacts_total');
  return contacts > 0 ? Math.round((sum('threadline_intake_store_operations_total') / contacts) * 10) / 10 : NaN;
}
