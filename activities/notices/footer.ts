/** The closing lines of every notice, zh-CN and English; {senderName} is the program's sender. */
export const FOOTER_ZH = '—— {senderName} · 雁阵 Yanzhen\n（本邮件由系统自动发送，请勿直接回复。）';
export const FOOTER_EN =
  '— {senderName} · Yanzhen\n(This message was sent automatically; please do not reply.)';
