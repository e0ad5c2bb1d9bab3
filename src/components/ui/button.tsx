import type { ButtonHTMLAttributes } from "react";

type Variant = "primary" | "secondary" | "danger" | "ghost";

const VARIANTS: Record<Variant, string> = {
  primary: "bg-brand-700 text-white hover:bg-brand-800 disabled:bg-stone-400",
  secondary: "bg-white text-stone-900 border border-stone-300 hover:bg-stone-100 disabled:text-stone-400",
  danger: "bg-white text-red-800 border border-red-300 hover:bg-red-50 disabled:text-stone-400",
  ghost: "text-stone-700 hover:bg-stone-200/60 disabled:text-stone-400",
};

export function buttonClasses(variant: Variant = "primary", size: "md" | "sm" = "md"): string {
  const sizing = size === "sm" ? "px-2.5 py-1 text-sm" : "px-4 py-2 text-sm";
  // No colour transition: a button that turns enabled (KÖR after hydration) would pass through
  // colours below 4.5:1 on its way, and axe caught one mid-fade.
  return `inline-flex items-center justify-center gap-2 rounded-md font-medium disabled:cursor-not-allowed ${sizing} ${VARIANTS[variant]}`;
}

export function Button({
  variant = "primary",
  size = "md",
  className = "",
  type = "button",
  ...props
}: ButtonHTMLAttributes<HTMLButtonElement> & { variant?: Variant; size?: "md" | "sm" }) {
  return <button type={type} className={`${buttonClasses(variant, size)} ${className}`} {...props} />;
}
