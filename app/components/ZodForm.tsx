import { Form, useSubmit } from "@remix-run/react";
import { zodResolver } from "@hookform/resolvers/zod";
import { useRef, type ReactNode } from "react";
import { useForm, type FieldValues, type UseFormReturn } from "react-hook-form";
import type { z } from "zod";

type Props<T extends FieldValues> = {
  schema: z.ZodType<any, any>;
  method?: "post" | "get";
  action?: string;
  className?: string;
  "aria-label"?: string;
  noValidate?: boolean;
  children: (form: UseFormReturn<T>) => ReactNode;
};

/**
 * A Remix <Form> that posts natively (so it works with JavaScript off) and, with JavaScript on,
 * validates as you type with the same zod schema the action uses before it submits.
 */
export function ZodForm<T extends FieldValues>({ schema, method = "post", action, children, ...rest }: Props<T>) {
  const ref = useRef<HTMLFormElement>(null);
  const submit = useSubmit();
  const form = useForm<T>({ resolver: zodResolver(schema as any) as any, mode: "onTouched", shouldUseNativeValidation: false });
  return (
    <Form
      ref={ref}
      method={method}
      action={action}
      noValidate
      className={rest.className}
      aria-label={rest["aria-label"]}
      onSubmit={(event) => {
        const submitter = (event.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
        form.handleSubmit(() => {
          if (ref.current) submit(submitter ?? ref.current, { method, action });
        })(event);
      }}
    >
      {children(form)}
    </Form>
  );
}
