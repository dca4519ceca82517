SELECT
  i.number AS invoice_number,
  i.status AS invoice_status,
  date_format(i.created, '%Y-%m-%d') AS issued_utc,
  l.description,
  l.amount,
  l.currency,
  date_format(l.period_start, '%Y-%m-%d') AS period_from,
  date_format(l.period_end, '%Y-%m-%d') AS period_to,
  CASE
    WHEN i.status = 'open' THEN 'unpaid_change'
    WHEN l.amount < 0 THEN 'unused_time_credit'
    ELSE 'remaining_time_charge'
  END AS finding
FROM invoice_line_items l
JOIN invoices i ON i.id = l.invoice_id
WHERE i.customer_id = '{customer_id}'
  AND l.proration
  AND i.created >= DATE '{from_date}'
  AND i.created < DATE '{to_date}' + INTERVAL '1' DAY
ORDER BY i.created, l.amount
