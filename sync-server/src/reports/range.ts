/** SQL for the first instant of `day` and of the day after `day` in `zone` (all placeholders). */
export const dayStartSql = (day: string, zone: string) =>
  `((${day})::date::timestamp at time zone (${zone})::text)`;
export const dayEndSql = (day: string, zone: string) =>
  `(((${day})::date + 1)::timestamp at time zone (${zone})::text)`;
