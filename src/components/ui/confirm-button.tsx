"use client";

import { useEffect, useId, useRef, useState, type ReactNode } from "react";
import { Button, buttonClasses } from "./button";

/**
 * A consequential action behind a second, explicit step: the first button only asks the question
 * (naming who or what is affected), "Ja, …" does it, "Avbryt" or Escape backs out. Focus moves
 * to the confirming button so the keyboard user is told what will happen, and back afterwards.
 */
export function ConfirmButton({
  label,
  ariaLabel,
  question,
  confirmLabel,
  pendingLabel,
  pending = false,
  disabled = false,
  size = "sm",
  onConfirm,
}: {
  label: string;
  ariaLabel?: string;
  question: ReactNode;
  confirmLabel: string;
  pendingLabel?: string;
  pending?: boolean;
  disabled?: boolean;
  size?: "sm" | "md";
  onConfirm: () => void;
}) {
  const [asking, setAsking] = useState(false);
  const questionId = useId();
  const confirmRef = useRef<HTMLButtonElement>(null);
  const openerRef = useRef<HTMLButtonElement>(null);
  const wasAsking = useRef(false);
  useEffect(() => {
    if (asking) confirmRef.current?.focus();
    else if (wasAsking.current) openerRef.current?.focus();
    wasAsking.current = asking;
  }, [asking]);

  if (!asking) {
    return (
      <button ref={openerRef} type="button" className={buttonClasses("danger", size)} disabled={disabled || pending} onClick={() => setAsking(true)} aria-label={ariaLabel}>
        {label}
      </button>
    );
  }
  return (
    <div
      role="group"
      aria-labelledby={questionId}
      onKeyDown={(event) => {
        if (event.key === "Escape") setAsking(false);
      }}
      className="flex max-w-xs flex-col gap-2 rounded-md border border-red-200 bg-red-50 p-3 text-left text-sm"
    >
      <p id={questionId} className="text-red-900">
        {question}
      </p>
      <div className="flex flex-wrap gap-2">
        <button
          ref={confirmRef}
          type="button"
          className={buttonClasses("danger", "sm")}
          disabled={pending}
          onClick={() => {
            onConfirm();
            setAsking(false);
          }}
        >
          {pending && pendingLabel ? pendingLabel : confirmLabel}
        </button>
        <Button size="sm" variant="secondary" disabled={pending} onClick={() => setAsking(false)}>
          Avbryt
        </Button>
      </div>
    </div>
  );
}
