export { fillTemplate } from '@threadline/contracts';
