/**
 * The column report of a loaded CSV as a table, one row per column: its role (a menu, so it can be changed), distinct
 * values, missing cells and how many features it became. The label column is shown as such.
 */
import { html, nothing } from 'lit';
import type { ForcedRole } from '../data/column-typing.js';
import type { ColumnReport } from '../data/dataset.js';

/** The roles a column can be given in the menu. */
const ROLES = ['numeric', 'categorical', 'date', 'ignored'] as const;
type MenuRole = (typeof ROLES)[number];

/**
 * Whether `role` can be chosen for a column read as `inferred`: a date only where dates were found, categorical only
 * where the distinct values were all kept, and a column with no value at all can only stay out.
 */
function allowed(inferred: ColumnReport, role: MenuRole): boolean {
  if (role === inferred.role || role === 'ignored') return true;
  if (inferred.distinct === 0) return false;
  if (role === 'date') return false;
  if (role === 'categorical') return inferred.distinct !== null;
  return true;
}

/** The override that gives a column read as `inferred` the role `role` (undefined: its inferred role). */
export function roleOverride(inferred: ColumnReport, role: MenuRole): ForcedRole | undefined {
  if (role === inferred.role || role === 'date') return undefined;
  return role;
}

export interface ColumnReportView {
  /** The report as the file was read, with no role changed: each column's inferred role. */
  inferred: ColumnReport[];
  /** The report of the table now encoded (the chosen roles), or null when it failed. */
  current: ColumnReport[] | null;
  roles: Readonly<Record<string, ForcedRole>>;
  /** The menus are disabled (nothing to re-encode, or busy). */
  disabled: boolean;
  onRole(name: string, role: ForcedRole | undefined): void;
}

/** The table; nothing when there is no report. */
export function columnReportTable({ inferred, current, roles, disabled, onRole }: ColumnReportView) {
  if (inferred.length === 0) return nothing;
  const change = (column: ColumnReport) => (event: Event) =>
    onRole(column.name, roleOverride(column, (event.target as HTMLSelectElement).value as MenuRole));
  const row = (column: ColumnReport) => {
    const now = current?.find((c) => c.name === column.name);
    const role =
      column.role === 'label'
        ? html`<td class="label">label</td>`
        : html`<td>
            <select part="role-select" aria-label="role of ${column.name}" ?disabled=${disabled} @change=${change(column)}>
              ${ROLES.map((r) => html`<option value=${r} ?selected=${r === (roles[column.name] ?? column.role)} ?disabled=${!allowed(column, r)}>${r}</option>`)}
            </select>
          </td>`;
    const encoded = now?.encodedAs ?? [];
    return html`<tr data-column=${column.name}>
      <th class=${column.role === 'label' ? 'label' : ''}>${column.name}</th>
      ${role}
      <td>${column.distinct ?? 'many'}</td>
      <td class="missing">${column.missing}</td>
      <td class="width" title=${encoded.join(', ')}>${column.role === 'label' ? '' : encoded.length}</td>
      <td class="muted">${now?.reason ?? ''}</td>
    </tr>`;
  };
  return html`<div class="table">
    <table part="columns">
      <tr>
        <th>column</th>
        <th>role</th>
        <th>distinct</th>
        <th>missing</th>
        <th>features</th>
        <th></th>
      </tr>
      ${inferred.map(row)}
    </table>
  </div>`;
}
