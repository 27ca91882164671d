/** The register's texts in English: the reference set; every other language has the same keys. */
export const en = {
  register: { protocol: 'Sync protocol {{version}}' },
};

export type RegisterTexts = typeof en;
