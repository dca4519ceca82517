SELECT
  i.number AS invoice_number,
  date_format(i.created, '%Y-%m-%d') AS issued_utc,
  i.total,
  i.currency,
  i.status AS invoice_status,
  c.id AS charge_id,
  c.amount AS charged,
  CASE
    WHEN i.total = 0 THEN 'zero_invoice'
    WHEN c.id IS NULL THEN 'no_payment_yet'
    ELSE 'invoice_found'
  END AS finding
FROM invoices i
LEFT JOIN charges c ON c.invoice_id = i.id AND c.status = 'succeeded' AND c.captured
WHERE i.customer_id = '{customer_id}'
  AND i.status <> 'draft'
  AND i.created >= DATE '{from_date}'
  AND i.created < DATE '{to_date}' + INTERVAL '1' DAY
ORDER BY i.created
