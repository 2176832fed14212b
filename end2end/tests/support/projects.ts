/** Seeded demo projects the tests use, by name. */
export const PROJECTS = {
  prodUsEast: { id: '0b6f1c9e-2d4a-4f7b-8e13-5a9c0d2e7f41', name: 'Production-US-East' },
  prodEu: { id: '2d8f3ebc-4f6c-4b9d-8a35-7cbe2f4a9b63', name: 'Production-EU' },
  stagingEu: { id: '6bcd7cf0-8da0-4fd1-8e79-b0f26d8edfa7', name: 'Staging-EU' },
  devEu: { id: '8def9e12-afc2-41f3-8a9b-d2148fa0f1c9', name: 'Development-EU' },
} as const;

export const dashboardPath = (id: string) => `/projects/${id}/dashboard`;
export const settingsPath = (id: string, tab: string) => `/projects/${id}/settings/${tab}`;
