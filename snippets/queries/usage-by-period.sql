WITH usage AS (
  SELECT
    l.price_id,
    l.description,
    l.period_start,
    l.period_end,
    sum(l.quantity) AS quantity,
    sum(l.amount) AS amount,
    l.currency
  FROM invoice_line_items l
  JOIN invoices i ON i.id = l.invoice_id
  WHERE i.customer_id = '{customer_id}'
    AND i.status <> 'void'
    AND NOT l.proration
    AND l.period_start >= DATE '{from_date}'
    AND l.period_start < DATE '{to_date}' + INTERVAL '1' DAY
  GROUP BY l.price_id, l.description, l.period_start, l.period_end, l.currency
)
SELECT
  description,
  date_format(period_start, '%Y-%m-%d') AS period_from,
  date_format(period_end, '%Y-%m-%d') AS period_to,
  quantity,
  lag(quantity) OVER (PARTITION BY price_id ORDER BY period_start) AS previous_quantity,
  amount,
  currency,
  CASE
    WHEN lag(quantity) OVER (PARTITION BY price_id ORDER BY period_start) IS NULL THEN 'first_period'
    WHEN quantity >= 2 * lag(quantity) OVER (PARTITION BY price_id ORDER BY period_start) THEN 'spike'
    ELSE 'steady'
  END AS finding
FROM usage
ORDER BY description, period_start
