SELECT
  c.id AS charge_id,
  i.number AS invoice_number,
  cu.currency AS usual_currency,
  i.currency AS invoice_currency,
  i.amount_paid AS invoice_paid,
  c.currency AS charge_currency,
  c.amount AS charged,
  b.currency AS settled_currency,
  b.exchange_rate,
  date_format(c.created, '%Y-%m-%d') AS charged_on_utc,
  CASE
    WHEN c.currency <> i.currency OR c.amount <> i.amount_paid THEN 'differs_from_invoice'
    WHEN i.currency <> cu.currency THEN 'invoice_in_other_currency'
    ELSE 'matches_invoice'
  END AS finding
FROM charges c
JOIN invoices i ON i.id = c.invoice_id
JOIN customers cu ON cu.id = c.customer_id
LEFT JOIN balance_transactions b ON b.source_id = c.id AND b.type = 'charge'
WHERE c.customer_id = '{customer_id}'
  AND c.status = 'succeeded'
  AND c.captured
  AND c.created >= DATE '{from_date}'
  AND c.created < DATE '{to_date}' + INTERVAL '1' DAY
ORDER BY c.created
