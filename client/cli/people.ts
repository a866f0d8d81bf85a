import { Command } from 'commander';
export function personCommand(): Command {
  return new Command('person').description('人员查询 / people: search by name, unit, role, certificate level');
}
export function unitCommand(): Command {
  return new Command('unit').description('单位 / units: the organisation tree');
}
