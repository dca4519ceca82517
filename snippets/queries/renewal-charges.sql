SELECT
  date_format(c.created, '%Y-%m-%d') AS charged_on_utc,
  c.description,
  count(*) AS charges,
  sum(c.amount) AS amount,
  c.currency,
  count(DISTINCT c.invoice_id) AS invoices,
  CASE WHEN count(*) > 1 THEN 'same_domain_twice' ELSE 'one_per_domain' END AS finding
FROM charges c
WHERE c.customer_id = '{customer_id}'
  AND c.status = 'succeeded'
  AND c.captured
  AND c.description LIKE '%renewal%'
  AND c.created >= DATE '{from_date}'
  AND c.created < DATE '{to_date}' + INTERVAL '1' DAY
GROUP BY date_format(c.created, '%Y-%m-%d'), c.description, c.currency
ORDER BY charged_on_utc, c.description
