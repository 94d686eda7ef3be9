// Pages the server answers before or instead of a route: database away, body refused, foreign origin.
export const security = {
  "security.unavailable.title": { ko: "잠시 서비스를 이용할 수 없습니다", en: "Briefly unavailable" },
  "security.unavailable.body": {
    ko: "데이터베이스에 연결할 수 없습니다. 잠시 뒤 다시 시도해 주세요. 양식을 보내던 중이었다면 다시 보내 주세요.",
    en: "The database cannot be reached right now. Please try again in a moment; if you were sending a form, send it again.",
  },
  "security.tooLarge.title": { ko: "보낸 내용이 너무 큽니다", en: "Too much data" },
  "security.tooLarge.body": {
    ko: "이 페이지는 {limit}까지 받을 수 있습니다. 내용을 줄여 다시 보내 주세요.",
    en: "This page accepts up to {limit}. Please send less and try again.",
  },
  "security.unsupported.title": { ko: "양식이 아닌 요청입니다", en: "Not a form" },
  "security.unsupported.body": {
    ko: "이 주소는 웹 양식으로 보낸 내용만 받습니다.",
    en: "This address only accepts what a web form sends.",
  },
  "security.badBody.title": { ko: "양식을 읽을 수 없습니다", en: "The form could not be read" },
  "security.badBody.body": {
    ko: "보낸 양식이 손상되었습니다. 페이지를 새로 고친 뒤 다시 보내 주세요.",
    en: "The form arrived damaged. Please reload the page and send it again.",
  },
  "security.crossOrigin.title": { ko: "다른 사이트에서 보낸 요청입니다", en: "Sent from another site" },
  "security.crossOrigin.body": {
    ko: "보안을 위해 다른 사이트에서 보낸 양식은 받지 않습니다. Trustloop 페이지에서 다시 보내 주세요.",
    en: "For your safety, forms sent from other sites are refused. Please send it again from the Trustloop page.",
  },
  "security.retry": { ko: "다시 시도", en: "Try again" },
  "security.back": { ko: "페이지로 돌아가기", en: "Back to the page" },
  "security.home": { ko: "처음으로", en: "Go to the start page" },
};
