/** The register's texts in English: the reference set; every other language has the same keys. */
export const en = {
  register: {
    protocol: 'Sync protocol {{version}}',
    sync: {
      online: 'Online',
      offline: 'Offline',
      outbox: 'Outbox: {{count}}',
      rejected: 'Rejected: {{count}}',
      version: 'Version {{version}}',
      lastContact: 'Last contact {{time}}',
      never: 'No contact yet',
      clockOffset: 'Clock offset {{seconds}} s',
      loading: 'Loading store data',
      loadingText: '{{done}} of {{total}} items',
      unenrolled:
        'This register is not enrolled. Open it with the enrolment link from head office.',
      failed: 'Sync stopped: {{error}}',
      status: 'Sync status',
    },
  },
};

export type RegisterTexts = typeof en;
