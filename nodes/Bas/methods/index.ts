export * as loadOptions from './loadOptions';
export * as triggerLoadOptions from './triggerObjects';
export * as catalogLoadOptions from './catalogs';
export * as registerLoadOptions from './registers';
export * as documentLoadOptions from './documentTypes';
export * as resourceMapping from './resourceMapping';
export * as catalogResourceMapping from './catalogFields';
