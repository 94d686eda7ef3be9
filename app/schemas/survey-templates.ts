import { z } from "zod";
import { defaultWhyPrompt, emptyQuestion, emptySurvey, type QuestionDraft, type SurveyDraft } from "./survey";

export const templateKinds = ["nps", "csat", "ces"] as const;
export type TemplateKind = (typeof templateKinds)[number];
export const templateParamSchema = z.object({ template: z.enum(templateKinds).optional().catch(undefined) });

const q = (type: QuestionDraft["type"], ko: string, en: string, extra: Partial<QuestionDraft> = {}): QuestionDraft => ({
  ...emptyQuestion(type),
  prompt: { ko, en },
  ...extra,
});

/** Starting drafts in both languages; the builder shows them unsaved, to adjust before saving. */
export function templateDraft(kind: TemplateKind): SurveyDraft {
  const base = emptySurvey();
  if (kind === "nps") {
    return {
      ...base,
      title: { ko: "관계 NPS 조사", en: "Relationship NPS survey" },
      intro: { ko: "1분이면 끝납니다. 보내 주신 의견은 서비스 수준 검토에 반영됩니다.", en: "It takes a minute. Your answers feed into our service level reviews." },
      questions: [
        q("nps", "저희 서비스를 동료나 지인에게 추천할 가능성은 얼마나 되나요?", "How likely are you to recommend us to a colleague?", { whyPrompt: { ...defaultWhyPrompt } }),
        q("single", "가장 개선이 필요한 것은 무엇인가요?", "What should we improve first?", {
          required: false,
          options: { ko: "지원 응답 속도\n안정성\n가격\n기능", en: "Support response time\nReliability\nPrice\nFeatures" },
        }),
        q("text", "더 하고 싶은 말씀이 있나요?", "Anything else you would like to tell us?", { required: false }),
      ],
    };
  }
  if (kind === "csat") {
    return {
      ...base,
      title: { ko: "지원 만족도 조사", en: "How did we do on your ticket?" },
      intro: { ko: "최근 문의에 대한 경험을 알려 주세요.", en: "Tell us about your recent support request." },
      questions: [
        q("csat", "이번 지원에 얼마나 만족하셨나요?", "How satisfied were you with the support you received?", { whyPrompt: { ...defaultWhyPrompt } }),
        q("single", "문제가 해결되었나요?", "Was your issue resolved?", { options: { ko: "예\n일부만\n아니요", en: "Yes\nPartly\nNo" } }),
      ],
    };
  }
  return {
    ...base,
    title: { ko: "고객 노력 점수 조사", en: "Customer effort survey" },
    intro: { ko: "한 문항이면 됩니다.", en: "Just one question." },
    questions: [
      q("ces", "원하시던 것을 해결하기가 얼마나 쉬웠나요?", "How easy was it to get what you needed?", { whyPrompt: { ...defaultWhyPrompt } }),
      q("text", "어떤 점이 가장 번거로웠나요?", "What took the most effort?", { required: false }),
    ],
  };
}
