// Reading what users send: form and address limits, refused characters, signed links, rate limits.
export const input = {
  "input.tooManyFields": {
    ko: "양식의 항목이 너무 많습니다. 페이지를 새로 고친 뒤 다시 보내 주세요.",
    en: "This form has too many fields. Please reload the page and send it again.",
  },
  "input.badFieldName": {
    ko: "양식의 항목 이름이 올바르지 않습니다. 페이지를 새로 고친 뒤 다시 보내 주세요.",
    en: "This form has a field name that is not valid. Please reload the page and send it again.",
  },
  "input.badQuery": {
    ko: "주소의 검색 조건이 올바르지 않습니다. 주소를 확인해 주세요.",
    en: "The address has a query that is not valid. Please check the address.",
  },
  "validation.controlChars": {
    ko: "보이지 않는 제어 문자는 쓸 수 없습니다.",
    en: "Invisible control characters are not allowed here.",
  },
  "validation.tooManyRows": { ko: "행은 {max}개까지 넣을 수 있습니다.", en: "At most {max, plural, one {# row is} other {# rows are}} allowed." },
  "validation.tooManyLines": { ko: "{max}줄까지 넣을 수 있습니다.", en: "At most {max, plural, one {# line is} other {# lines are}} allowed." },
  "respond.hiddenDropped": {
    ko: "링크의 일부 정보(고객 구분 값)를 확인할 수 없어 응답에 넣지 않습니다. 응답은 그대로 받습니다.",
    en: "Some details in this link (customer attributes) could not be verified, so they will not be attached. Your answers are still welcome.",
  },
  "respond.rateLimited.title": { ko: "잠시 후 다시 보내 주세요", en: "Please try again shortly" },
  "respond.rateLimited.body": {
    ko: "짧은 시간에 응답이 너무 많이 들어왔습니다. {seconds}초 뒤에 다시 보내 주세요.",
    en: "Too many answers arrived in a short time. Please send again in {seconds} seconds.",
  },
  "links.signed.heading": { ko: "서명된 링크 만들기", en: "Make a signed link" },
  "links.signed.help": {
    ko: "공개 링크의 고객 구분 값(account, tier, region, plan, ticket)은 서버가 서명한 값만 응답에 붙습니다. 서명이 없거나 바뀐 값은 버리고 응답만 받습니다.",
    en: "Customer attributes on the public link (account, tier, region, plan, ticket) are attached to a response only when the server signed them. Unsigned or altered values are dropped; the answers are still kept.",
  },
  "links.signed.generate": { ko: "서명된 링크 만들기", en: "Make signed link" },
  "links.signed.result": { ko: "서명된 링크", en: "Signed link" },
  "links.signed.none": { ko: "값을 하나 이상 넣어 주세요.", en: "Please enter at least one value." },
  "links.signed.formatHeading": { ko: "메일 머지에서 서명 만들기", en: "Signing in a mail merge" },
  "links.signed.format": {
    ko: "sig = base64url(HMAC-SHA256(서명 키, 링크 토큰 + 줄바꿈 + 각 \"이름=값\"을 이름 순으로 줄바꿈으로 이은 것)). 값이 없는 이름은 빼고, 주소에 ?이름=값&…&sig=… 로 붙입니다. 서명 키는 관리자가 LINK_SECRET 환경 변수로 정합니다.",
    en: "sig = base64url(HMAC-SHA256(signing key, link token + newline + each \"name=value\" in name order, joined by newlines)). Leave out names without a value and append ?name=value&…&sig=… to the address. An administrator sets the signing key with the LINK_SECRET environment variable.",
  },
} as const;
