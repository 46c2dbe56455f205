/** core/workbooks: the typed Workbooks API client. Import from here. */
export * from './errors';
export * from './encode';
export * from './decode';
export * from './metadata';
export * from './transport';
export * from './client';
export * from './schema';
