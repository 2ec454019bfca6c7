// The invoices being charged right now, by a retry run or by "Charge now": one set in main,
// so that the same invoice is never charged twice at once (a single charge during a run,
// a doubled IPC call).

export class InFlightInvoices {
  private readonly ids = new Set<number>();

  /** Takes the invoice for one charge; false when something is charging it already. */
  claim(invoiceId: number): boolean {
    if (this.ids.has(invoiceId)) return false;
    this.ids.add(invoiceId);
    return true;
  }

  release(invoiceId: number): void {
    this.ids.delete(invoiceId);
  }

  has(invoiceId: number): boolean {
    return this.ids.has(invoiceId);
  }
}
