export * from './common';
export * from './loyalty';
export * from './master';
export * from './toEngine';
