SELECT
  i.number AS invoice_number,
  date_format(l.period_start, '%Y-%m-%d') AS period_from,
  date_format(l.period_end, '%Y-%m-%d') AS period_to,
  l.description,
  l.quantity AS seats,
  lag(l.quantity) OVER (PARTITION BY l.subscription_id ORDER BY l.period_start) AS previous_seats,
  l.amount,
  l.currency,
  CASE
    WHEN lag(l.quantity) OVER (PARTITION BY l.subscription_id ORDER BY l.period_start) IS NULL THEN 'first_period'
    WHEN l.quantity > lag(l.quantity) OVER (PARTITION BY l.subscription_id ORDER BY l.period_start) THEN 'more_seats'
    WHEN l.quantity < lag(l.quantity) OVER (PARTITION BY l.subscription_id ORDER BY l.period_start) THEN 'fewer_seats'
    ELSE 'same_seats'
  END AS finding
FROM invoice_line_items l
JOIN invoices i ON i.id = l.invoice_id
JOIN prices p ON p.id = l.price_id
WHERE i.customer_id = '{customer_id}'
  AND NOT l.proration
  AND p.nickname LIKE '%seat%'
  AND l.period_start >= DATE '{from_date}'
  AND l.period_start < DATE '{to_date}' + INTERVAL '1' DAY
ORDER BY l.period_start
