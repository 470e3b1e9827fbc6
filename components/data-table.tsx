export interface DataColumn {
  key: string;
  label: React.ReactNode;
  /** Numbers align right, words left. */
  numeric?: boolean;
  /** For a sortable column: how it is sorted now. */
  sort?: "ascending" | "descending" | "none";
}

/**
 * The one table of the app: header row from `columns`, body rows from `children`, cell
 * styles from `.data-table` in app/globals.css.
 */
export function DataTable({
  columns,
  testId,
  children,
}: {
  columns: DataColumn[];
  testId?: string;
  children: React.ReactNode;
}) {
  return (
    <div className="overflow-x-auto">
      <table className="data-table" data-testid={testId}>
        <thead>
          <tr>
            {columns.map((c) => (
              <th
                key={c.key}
                scope="col"
                {...(c.sort && { "aria-sort": c.sort })}
                {...(c.numeric && { className: "text-right" })}
              >
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
