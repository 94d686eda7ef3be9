// Languages of discovered theme candidates (discovery runs each language apart; issue 11).
export const analysislang = {
  "analysislang.name.ko": { ko: "한국어", en: "Korean" },
  "analysislang.name.en": { ko: "영어", en: "English" },
  "analysislang.name.other": { ko: "기타 언어", en: "Other languages" },
  "analysislang.candidate.language": { ko: "언어: {languages}", en: "Language: {languages}" },
  "analysislang.candidate.languages": { ko: "언어: {languages}", en: "Languages: {languages}" },
  "analysislang.candidate.note": {
    ko: "후보는 언어별로 따로 찾습니다. 같은 주제가 한국어와 영어 후보로 따로 나오면 합쳐서 한 주제로 만들 수 있습니다.",
    en: "Candidates are discovered in each language apart. Where the same theme shows up as a Korean and an English candidate, merge them into one theme.",
  },
};
